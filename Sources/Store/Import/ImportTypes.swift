/// How an import file is laid out.
public enum ImportFormat: String, Sendable, CaseIterable {
    /// One tracked-event JSON object per line.
    case ndjson
    /// Header `event_type,timestamp,service_name,user_id,event_data` (any order; only
    /// `event_type` required), RFC 4180 quoting.
    case csv

    /// `.csv` files are CSV; everything else (and standard input) NDJSON.
    public static func guess(for path: String) -> ImportFormat {
        path.lowercased().hasSuffix(".csv") ? .csv : .ndjson
    }
}

/// Where events come from.
public enum ImportSource: Sendable, Hashable {
    case file(String)
    case standardInput

    /// The name used in messages.
    public var displayName: String {
        switch self {
        case .file(let path): path
        case .standardInput: "<stdin>"
        }
    }
}

/// What `import` can do differently.
public struct ImportOptions: Sendable {
    /// nil = guess from each file name.
    public var format: ImportFormat?
    /// Any bad line aborts the import and nothing is stored.
    public var strict = false
    /// Events per transaction.
    public var batchSize = 10_000
    /// Rejections listed one by one; the rest are counted.
    public var maxListedRejections = 20

    public init(format: ImportFormat? = nil, strict: Bool = false) {
        self.format = format
        self.strict = strict
    }
}

/// A line that was not imported: `FILE:LINE: reason`.
public struct ImportRejection: Sendable, Hashable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var reason: String

    public var description: String { "\(file):\(line): \(reason)" }
}

extension ImportRejection {
    /// A rejection and the place of its source among the import's, by which rejections found
    /// on two threads are put back in input order (``ImportSummary/merge(_:count:)``).
    struct Placed: Sendable {
        var source: Int
        var rejection: ImportRejection
    }
}

/// Progress, reported after each batch.
public struct ImportProgress: Sendable {
    public var file: String
    public var bytesRead: Int
    public var imported: Int
    public var rejected: Int
}

/// The outcome of an import.
public struct ImportSummary: Sendable {
    public var imported = 0
    public var rejected = 0
    /// The first rejections, in input order.
    public var rejections: [ImportRejection] = []
    /// Files that could not be read, with the reason (`FILE: reason`).
    public var unreadableFiles: [String] = []
    /// The source of each of ``rejections`` (its place among the import's sources).
    var rejectionSources: [Int] = []
    /// Lines kept undecoded in the sort file (``SortedLines``), and of them those whose time the
    /// writer read for the reader (``LineChunk``).
    var linesSorted = 0
    var linesLent = 0

    /// Adds `count` rejections found elsewhere, of which `listed` are the first in input order,
    /// keeping ``rejections`` the first `limit` of all in input order.
    mutating func merge(_ listed: [ImportRejection.Placed], count: Int, limit: Int) {
        rejected += count
        guard !listed.isEmpty else { return }
        let mine = zip(rejectionSources, rejections).map { ImportRejection.Placed(source: $0, rejection: $1) }
        let all = (mine + listed).sorted { ($0.source, $0.rejection.line) < ($1.source, $1.rejection.line) }.prefix(limit)
        rejections = all.map(\.rejection)
        rejectionSources = all.map(\.source)
    }

    /// True when every line of every file was stored.
    public var isClean: Bool { rejected == 0 && unreadableFiles.isEmpty }

    /// `imported 1,000 events, rejected 2 lines` and, when it applies, the unreadable files.
    public var line: String {
        var text = "imported \(imported) event\(imported == 1 ? "" : "s"), rejected \(rejected) line\(rejected == 1 ? "" : "s")"
        if !unreadableFiles.isEmpty {
            text += ", \(unreadableFiles.count) unreadable file\(unreadableFiles.count == 1 ? "" : "s")"
        }
        return text
    }
}

/// Why an import stopped.
public enum ImportError: Error, Sendable, CustomStringConvertible {
    case unreadable(path: String, reason: String)
    /// `--strict`: a bad line; nothing was stored.
    case strictRejection(ImportRejection)
    /// `--strict`: a file could not be read; nothing was stored.
    case strictUnreadable(path: String, reason: String)
    /// The database refused a batch; earlier batches are stored (their count is given).
    case store(StoreError, imported: Int)
    case badHeader(file: String, reason: String)

    public var description: String {
        switch self {
        case .unreadable(let path, let reason): "\(path): cannot read: \(reason)"
        case .strictRejection(let rejection): "\(rejection) (--strict: nothing was imported)"
        case .strictUnreadable(let path, let reason): "\(path): cannot read: \(reason) (--strict: nothing was imported)"
        case .store(let error, let imported): "\(error) (\(imported) events imported before the failure are stored)"
        case .badHeader(let file, let reason): "\(file):1: \(reason)"
        }
    }
}
