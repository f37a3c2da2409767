/// A report flattened into named tables — what CSV, XLSX, HTML and PDF tables all show.
public struct ReportTable: Sendable, Hashable {
    /// The `data` key the table comes from (`summary` for the scalar figures).
    public var name: String
    public var columns: [String]
    /// The rows: stored, or made one at a time as they are read (a year's user_activity list
    /// has millions; CSV, XLSX and PDF each go through them once, and none keeps them).
    public var rows: ReportRows

    public init(name: String, columns: [String], rows: [[Cell]]) {
        self.name = name
        self.columns = columns
        self.rows = ReportRows(rows)
    }

    public init(name: String, columns: [String], rows: ReportRows) {
        self.name = name
        self.columns = columns
        self.rows = rows
    }

    /// One value: numbers stay numbers (right-aligned, summed by spreadsheets), text stays text.
    public enum Cell: Sendable, Hashable {
        case integer(Int64)
        case number(Double)
        case text(String)
        case null

        public init(_ value: String?) { self = value.map(Cell.text) ?? .null }
        public init(_ value: Double?) { self = value.map(Cell.number) ?? .null }
        public init(_ value: Int64) { self = .integer(value) }
        public init(_ value: Int) { self = .integer(Int64(value)) }

        /// Plain text as a CSV or HTML cell shows it (null is empty).
        public var text: String {
            switch self {
            case .integer(let value): String(value)
            case .number(let value): Self.format(value)
            case .text(let value): value
            case .null: ""
            }
        }

        /// Integers without a fraction, other numbers as Swift prints them shortest.
        static func format(_ value: Double) -> String {
            if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) + ".0" }
            return "\(value)"
        }
    }
}
