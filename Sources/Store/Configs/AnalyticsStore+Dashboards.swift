internal import Model
internal import GRDB
internal import Foundation

/// A stored dashboard or saved report: its name, slug and configuration JSON.
public struct StoredConfig: Sendable, Hashable {
    public var name: String
    public var slug: String
    public var json: String
    public var updatedAt: Int64
}

extension AnalyticsStore {
    /// Adds or replaces (by name) a dashboard.
    public func saveDashboard(name: String, slug: String, json: String, at time: Int64 = Clock.nowMilliseconds()) throws(StoreError) {
        try write { db in
            try db.execute(
                sql: """
                    INSERT INTO dashboards (name, slug, config, created_at, updated_at) VALUES (?, ?, ?, ?, ?)
                    ON CONFLICT(name) DO UPDATE SET slug = excluded.slug, config = excluded.config, updated_at = excluded.updated_at
                    """, arguments: [name, slug, json, time, time])
        }
    }

    /// Every stored dashboard, by name.
    public func dashboards() throws(StoreError) -> [StoredConfig] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT name, slug, config, updated_at FROM dashboards ORDER BY name").map {
                StoredConfig(name: $0[0], slug: $0[1], json: $0[2], updatedAt: $0[3])
            }
        }
    }

    /// Removes a dashboard; false when there was none of that name.
    @discardableResult
    public func removeDashboard(name: String) throws(StoreError) -> Bool {
        try write { db in
            try db.execute(sql: "DELETE FROM dashboards WHERE name = ?", arguments: [name])
            return db.changesCount > 0
        }
    }
}
