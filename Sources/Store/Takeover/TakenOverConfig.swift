internal import Foundation
internal import Model

/// The two kinds of configuration a takeover brings over.
enum TakenOverKind: String {
    case dashboard
    case savedReport = "saved_report"

    /// The original's table.
    var originalTable: String { self == .dashboard ? "dashboards" : "reports" }
}

/// One original dashboard or saved report, checked and ready to store under a name chosen by
/// ``AnalyticsStore/storeTakenOver(_:kind:sourceId:path:)``. Its JSON keeps every key the original
/// had; only `name` is rewritten to the stored name (so pages, slugs and the config agree), and
/// `report_type` is filled from the row when the config lacks it.
struct TakenOverConfig {
    var originalId: Int64
    var name: String
    var reportType: String?
    var schedule: String?
    var createdAt: Int64
    private var object: [String: Any]

    /// The config JSON as stored under `name`: keys sorted, so that an unchanged config gives
    /// the same text on every import.
    func json(named name: String) -> String {
        var copy = object
        copy["name"] = name
        let data = (try? JSONSerialization.data(withJSONObject: copy, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self)
    }

    /// Reads and checks one row; the rejection names the row and the field at fault.
    static func prepare(
        _ row: OriginalConfigRow, kind: TakenOverKind, path: String, options: TakeoverOptions, now: Int64
    ) -> Result<TakenOverConfig, TakeoverRejection> {
        func reject(_ reason: String) -> Result<TakenOverConfig, TakeoverRejection> {
            .failure(TakeoverRejection(path: path, table: kind.originalTable, id: row.id, reason: reason))
        }
        let text = NonFiniteNumbers.nullified(row.config ?? "{}").text
        guard let parsed = try? JSONSerialization.jsonObject(with: Data(text.utf8)), var object = parsed as? [String: Any] else {
            return reject("config: not a JSON object")
        }
        guard let name = row.name ?? (object["name"] as? String) else { return reject("name: missing") }
        object["name"] = name
        if kind == .savedReport, object["report_type"] == nil, let type = row.reportType { object["report_type"] = type }
        let config = TakenOverConfig(
            originalId: row.id, name: name, reportType: nil, schedule: nil,
            createdAt: row.createdAt.flatMap(Timestamp.parse) ?? now, object: object)
        let data = Data(config.json(named: name).utf8)
        do {
            switch kind {
            case .dashboard:
                let dashboard = try JSONDecoder().decode(DashboardConfig.self, from: data)
                try options.validateDashboard(dashboard)
                return .success(config)
            case .savedReport:
                let report = try JSONDecoder().decode(SavedReportConfig.self, from: data)
                try report.validate()
                var typed = config
                typed.reportType = report.reportType
                typed.schedule = report.schedule
                return .success(typed)
            }
        } catch let error as DecodingError {
            return reject(describe(error))
        } catch {
            return reject("\(error)")
        }
    }

    /// `key.path: problem` from a DecodingError.
    private static func describe(_ error: DecodingError) -> String {
        func path(_ context: DecodingError.Context) -> String {
            let text = context.codingPath.reduce(into: "") { text, key in
                if let index = key.intValue { text += "[\(index)]" } else { text += (text.isEmpty ? "" : ".") + key.stringValue }
            }
            return text.isEmpty ? "config" : text
        }
        switch error {
        case .typeMismatch(let type, let context): return "\(path(context)): expected \(type)"
        case .valueNotFound(_, let context): return "\(path(context)): must not be null"
        case .dataCorrupted(let context): return "\(path(context)): \(context.debugDescription)"
        case .keyNotFound(let key, let context):
            let parent = path(context)
            return (parent == "config" ? "" : parent + ".") + "\(key.stringValue): required"
        @unknown default: return "\(error)"
        }
    }
}
