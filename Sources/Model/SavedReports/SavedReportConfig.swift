internal import Foundation

/// A saved report, as the original service's `POST /api/analytics/reports/save` body (SPEC §8):
///
/// ```json
/// {"name": "Weekly processing", "description": "…", "report_type": "processing_performance",
///  "parameters": {"time_range": "7d", "filters": {"service_name": "pdf-service"}},
///  "schedule": "@weekly", "recipients": ["ops@example.com"], "format": "pdf"}
/// ```
///
/// `format` is `pdf` (the default), `csv`, `xlsx` (also `excel`, the original's name for it), or several
/// joined by commas (`pdf,xlsx`).
public struct SavedReportConfig: Sendable, Hashable, Codable {
    public var name: String
    public var description: String?
    public var reportType: String
    public var parameters: Parameters?
    /// `@daily`, `@weekly`, `@monthly` (also `@hourly`, `@yearly`) or a 5-field cron expression;
    /// nil = not scheduled (published on the site only).
    public var schedule: String?
    public var recipients: [String]?
    public var format: String?

    public init(name: String, description: String? = nil, reportType: String, parameters: Parameters? = nil,
                schedule: String? = nil, recipients: [String]? = nil, format: String? = nil) {
        self.name = name
        self.description = description
        self.reportType = reportType
        self.parameters = parameters
        self.schedule = schedule
        self.recipients = recipients
        self.format = format
    }

    enum CodingKeys: String, CodingKey {
        case name, description, parameters, schedule, recipients, format
        case reportType = "report_type"
    }

    /// `parameters`: the time range (a preset, or explicit `from`/`to`) and the filters. Other keys
    /// the original accepted are ignored.
    public struct Parameters: Sendable, Hashable, Codable {
        public var timeRange: String?
        public var from: String?
        public var to: String?
        public var filters: ReportFilters?

        public init(timeRange: String? = nil, from: String? = nil, to: String? = nil, filters: ReportFilters? = nil) {
            self.timeRange = timeRange
            self.from = from
            self.to = to
            self.filters = filters
        }

        enum CodingKeys: String, CodingKey {
            case from, to, filters
            case timeRange = "time_range"
        }
    }

    /// The formats to attach, in order, without duplicates; default `["pdf"]`.
    public var formats: [String] {
        // `excel` is the original service's name for XLSX (its export endpoint's `format=excel`).
        let list = (format ?? "pdf").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
            .map { $0 == "excel" ? "xlsx" : $0 }
        var seen: [String] = []
        for item in list where !item.isEmpty && !seen.contains(item) { seen.append(item) }
        return seen.isEmpty ? ["pdf"] : seen
    }

    public static let validFormats = ["pdf", "csv", "xlsx", "json"]

    /// A file- and URL-safe name.
    public var slug: String { Slug.make(name) }

    /// The parsed schedule, nil when the report is not scheduled.
    public func cronSchedule() throws(ReportRequestError) -> CronSchedule? {
        guard let schedule, !schedule.trimmingCharacters(in: .whitespaces).isEmpty else { return nil }
        do {
            return try CronSchedule.parse(schedule)
        } catch {
            throw ReportRequestError(field: "schedule", message: error.description)
        }
    }

    /// Checks every field; the error names the first bad one (`recipients[1]`, `schedule`, …).
    public func validate() throws(ReportRequestError) {
        guard !name.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw ReportRequestError(field: "name", message: "must not be empty")
        }
        guard name.count <= 200 else { throw ReportRequestError(field: "name", message: "at most 200 characters") }
        do {
            _ = try ReportType.parse(reportType)
        } catch {
            throw ReportRequestError(field: "report_type", message: error.message)
        }
        if let parameters {
            if let range = parameters.timeRange {
                do { _ = try TimeRange.parse(range) } catch {
                    throw ReportRequestError(field: "parameters.time_range", message: error.message)
                }
            }
            if (parameters.from == nil) != (parameters.to == nil) {
                throw ReportRequestError(field: parameters.from == nil ? "parameters.from" : "parameters.to",
                                         message: "from and to go together")
            }
            if let from = parameters.from, let to = parameters.to {
                guard let start = Timestamp.parse(from) else {
                    throw ReportRequestError(field: "parameters.from", message: "not an ISO-8601 date-time: \"\(from)\"")
                }
                guard let end = Timestamp.parse(to) else {
                    throw ReportRequestError(field: "parameters.to", message: "not an ISO-8601 date-time: \"\(to)\"")
                }
                guard start < end else { throw ReportRequestError(field: "parameters.to", message: "must be after parameters.from") }
                if parameters.timeRange != nil {
                    throw ReportRequestError(field: "parameters.time_range", message: "give either time_range or from/to, not both")
                }
            }
        }
        _ = try cronSchedule()
        if let recipients {
            for (index, recipient) in recipients.enumerated() where !EmailAddress.isValid(recipient) {
                throw ReportRequestError(field: "recipients[\(index)]", message: "not an email address: \"\(recipient)\"")
            }
            if schedule == nil && !recipients.isEmpty {
                throw ReportRequestError(field: "schedule", message: "recipients are set but no schedule says when to send")
            }
        }
        if let schedule, cronScheduleOrNil(schedule) != nil, (recipients ?? []).isEmpty {
            throw ReportRequestError(field: "recipients", message: "a scheduled report needs at least one recipient")
        }
        for item in formats where !Self.validFormats.contains(item) {
            throw ReportRequestError(field: "format", message: "unknown format \"\(item)\" (valid: pdf, csv, xlsx, json, or several joined by commas)")
        }
    }

    private func cronScheduleOrNil(_ text: String) -> CronSchedule? { try? CronSchedule.parse(text) }
}

/// A deliberately simple address check: `local@domain` with a dot in the domain, no spaces, no
/// control characters and no characters that could break a mail header.
public enum EmailAddress {
    public static func isValid(_ text: String) -> Bool {
        guard text.count <= 254, let at = text.lastIndex(of: "@") else { return false }
        let local = text[..<at]
        let domain = text[text.index(after: at)...]
        guard !local.isEmpty, domain.contains("."), !domain.hasPrefix("."), !domain.hasSuffix(".") else { return false }
        for scalar in text.unicodeScalars {
            if scalar.value < 0x21 || scalar.value == 0x7f { return false }
            if "<>(),;:\\\"[]".unicodeScalars.contains(scalar) { return false }
        }
        return !domain.contains("@")
    }
}
