internal import Model
internal import GRDB
internal import Foundation

/// A recorded run (build, report, delivery) for the history page.
public struct RunRecord: Sendable, Hashable, Codable {
    public var id: Int64
    public var kind: String
    public var startedAt: Int64
    public var finishedAt: Int64?
    /// `running`, `succeeded` or `failed`.
    public var status: String
    public var eventsFolded: Int
    public var outputs: [String]
    public var errors: [String]

    public var durationMilliseconds: Int64? { finishedAt.map { $0 - startedAt } }
}

extension AnalyticsStore {
    /// Records the start of a run; returns its id.
    public func startRun(kind: String, at time: Int64 = Clock.nowMilliseconds()) throws(StoreError) -> Int64 {
        try write { db in
            try db.execute(sql: "INSERT INTO runs (kind, started_at, status) VALUES (?, ?, 'running')", arguments: [kind, time])
            return db.lastInsertedRowID
        }
    }

    /// Records how a run ended.
    public func finishRun(
        _ id: Int64, succeeded: Bool, eventsFolded: Int, outputs: [String], errors: [String],
        at time: Int64 = Clock.nowMilliseconds()
    ) throws(StoreError) {
        let encoder = JSONEncoder()
        let outputsJSON = String(decoding: (try? encoder.encode(outputs)) ?? Data("[]".utf8), as: UTF8.self)
        let errorsJSON = String(decoding: (try? encoder.encode(errors)) ?? Data("[]".utf8), as: UTF8.self)
        try write { db in
            try db.execute(
                sql: "UPDATE runs SET finished_at = ?, status = ?, events_folded = ?, outputs = ?, errors = ? WHERE id = ?",
                arguments: [time, succeeded ? "succeeded" : "failed", eventsFolded, outputsJSON, errorsJSON, id])
        }
    }

    /// Adds errors to a finished run (a build's webhook failures, found after it published); the
    /// run's status is left as it was.
    public func appendRunErrors(_ id: Int64, _ errors: [String]) throws(StoreError) {
        guard !errors.isEmpty else { return }
        try write { db in
            let known = try String.fetchOne(db, sql: "SELECT errors FROM runs WHERE id = ?", arguments: [id]) ?? "[]"
            let previous = (try? JSONDecoder().decode([String].self, from: Data(known.utf8))) ?? []
            let json = String(decoding: (try? JSONEncoder().encode(previous + errors)) ?? Data("[]".utf8), as: UTF8.self)
            try db.execute(sql: "UPDATE runs SET errors = ? WHERE id = ?", arguments: [json, id])
        }
    }

    /// The most recent runs of a kind (all kinds when nil), newest first.
    public func recentRuns(kind: String? = nil, limit: Int = 50) throws(StoreError) -> [RunRecord] {
        try read { db in
            let rows = try Row.fetchAll(
                db,
                sql: "SELECT * FROM runs WHERE (? IS NULL OR kind = ?) ORDER BY started_at DESC, id DESC LIMIT ?",
                arguments: [kind, kind, limit])
            let decoder = JSONDecoder()
            return rows.map { row in
                RunRecord(
                    id: row["id"], kind: row["kind"], startedAt: row["started_at"], finishedAt: row["finished_at"],
                    status: row["status"], eventsFolded: row["events_folded"],
                    outputs: (try? decoder.decode([String].self, from: Data((row["outputs"] as String).utf8))) ?? [],
                    errors: (try? decoder.decode([String].self, from: Data((row["errors"] as String).utf8))) ?? [])
            }
        }
    }
}
