public import Model
internal import GRDB
internal import Foundation

extension AnalyticsStore {
    /// Adds or replaces (by name) a saved report. `json` is the original's saved-report JSON.
    public func saveSavedReport(
        name: String, slug: String, reportType: String, schedule: String?, json: String, at time: Int64 = Clock.nowMilliseconds()
    ) throws(StoreError) {
        try write { db in
            try db.execute(
                sql: """
                    INSERT INTO saved_reports (name, slug, report_type, schedule, config, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT(name) DO UPDATE SET slug = excluded.slug, report_type = excluded.report_type,
                        schedule = excluded.schedule, config = excluded.config, updated_at = excluded.updated_at
                    """, arguments: [name, slug, reportType, schedule, json, time, time])
        }
    }

    /// Every stored saved report, by name.
    public func savedReports() throws(StoreError) -> [StoredConfig] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT name, slug, config, updated_at FROM saved_reports ORDER BY name").map {
                StoredConfig(name: $0[0], slug: $0[1], json: $0[2], updatedAt: $0[3])
            }
        }
    }

    /// Removes a saved report; false when there was none of that name. Its delivery ledger stays.
    @discardableResult
    public func removeSavedReport(name: String) throws(StoreError) -> Bool {
        try write { db in
            try db.execute(sql: "DELETE FROM saved_reports WHERE name = ?", arguments: [name])
            return db.changesCount > 0
        }
    }
}
