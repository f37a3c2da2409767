import Documents
import Foundation
import Logging
import Model
import Reports
import Store
import Testing

/// A temporary directory and database filled with hand-written events, and helpers to make
/// reports and PDFs from them and to read PDFs back with poppler's tools.
struct DocumentFixture {
    let directory: URL
    let store: AnalyticsStore
    let engine: ReportEngine

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("documents-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        store = try AnalyticsStore(path: directory.appendingPathComponent("a.db").path, logger: Logger(label: "test"))
        engine = ReportEngine(store: store, roles: .defaults, calendar: .utc)
    }

    func remove() { try? FileManager.default.removeItem(at: directory) }

    static let asOf = "2026-11-28T00:00:00Z"

    func document(_ type: ReportType, range: String = "7d") throws -> ReportDocument {
        _ = try engine.refresh()
        return try engine.generate(
            ReportRequest(type: type, range: try TimeRange.parse(range), asOf: try #require(Timestamp.parse(Self.asOf))), generatedAt: 0)
    }

    /// Writes the PDF and returns its path.
    func pdf(_ document: ReportDocument, options: PDFOptions = PDFOptions(), name: String = "report.pdf") throws -> String {
        let url = directory.appendingPathComponent(name)
        try ReportPDF.write(document, to: url, options: options)
        return url.path
    }

    static func time(_ text: String) -> Int64 { Timestamp.parse(text)! }

    /// 1,200 processed (100…500 ms, 240 each) and 300 errors in the 7 days before 2026-11-28;
    /// 900 processed at 240 ms and 100 errors in the 7 days before that.
    func addProcessingEvents() throws {
        var events: [TrackedEvent] = []
        for i in 0..<1200 {
            let at = Self.time("2026-11-21T00:00:00Z") + Int64(i) * 500_000
            events.append(TrackedEvent(eventType: "document_processed", serviceName: i % 2 == 0 ? "ocr-service" : "parser", timestamp: at,
                                       fields: EventFields(deviceType: "GaN-HEMT", processingTimeMs: Double(100 + (i % 5) * 100))))
        }
        for i in 0..<300 {
            let at = Self.time("2026-11-21T00:00:00Z") + Int64(i) * 2_000_000
            events.append(TrackedEvent(eventType: "processing_error", serviceName: "parser", timestamp: at,
                                       fields: EventFields(errorType: "Timeout", errorMessage: "timed out after 30 s")))
        }
        for i in 0..<900 {
            let at = Self.time("2026-11-14T00:00:00Z") + Int64(i) * 600_000
            events.append(TrackedEvent(eventType: "document_processed", serviceName: "ocr-service", timestamp: at,
                                       fields: EventFields(processingTimeMs: 240)))
        }
        for i in 0..<100 {
            let at = Self.time("2026-11-14T00:00:00Z") + Int64(i) * 6_000_000
            events.append(TrackedEvent(eventType: "processing_error", serviceName: "parser", timestamp: at,
                                       fields: EventFields(errorType: "Timeout")))
        }
        try store.insert(events)
    }

    /// The 600 user ids of ``addUsers()``: 598 generated ones, `山田太郎` and `Jürgen Groß`.
    static let userIDs: [String] = (1...598).map { String(format: "user-%04d", $0) } + ["山田太郎", "Jürgen Groß"]

    /// One event per user on 2026-11-25, a few more for the two named users.
    func addUsers() throws {
        var events: [TrackedEvent] = []
        for (i, user) in Self.userIDs.enumerated() {
            let at = Self.time("2026-11-25T00:00:00Z") + Int64(i) * 60_000
            events.append(TrackedEvent(eventType: "feature_used", userId: user, timestamp: at))
        }
        for i in 0..<4 { events.append(TrackedEvent(eventType: "model_generated", userId: "山田太郎", timestamp: Self.time("2026-11-26T09:00:00Z") + Int64(i))) }
        for i in 0..<2 { events.append(TrackedEvent(eventType: "model_generated", userId: "Jürgen Groß", timestamp: Self.time("2026-11-26T10:00:00Z") + Int64(i))) }
        try store.insert(events)
    }

    /// `count` users `reader-00001`… with one event each on 2026-11-25 (a second apart).
    func addReaders(_ count: Int) throws {
        try store.insert((1...count).map { i in
            TrackedEvent(eventType: "feature_used", userId: String(format: "reader-%05d", i), timestamp: Self.time("2026-11-25T00:00:00Z") + Int64(i) * 1_000)
        })
    }
}

/// Runs an installed tool; returns its exit status and standard output.
func run(_ tool: String, _ arguments: [String]) throws -> (status: Int32, output: String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = [tool] + arguments
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = FileHandle.nullDevice
    try process.run()
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: data, as: UTF8.self))
}

/// `pdfinfo` fields by name.
func pdfInfo(_ path: String) throws -> [String: String] {
    let out = try run("pdfinfo", ["-isodates", path])
    try #require(out.status == 0, "pdfinfo failed on \(path)")
    var fields: [String: String] = [:]
    for line in out.output.split(separator: "\n") {
        guard let colon = line.firstIndex(of: ":") else { continue }
        fields[String(line[..<colon])] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
    }
    return fields
}

/// The text of each page (pdftotext separates pages with form feeds).
func pdfPages(_ path: String) throws -> [String] {
    let out = try run("pdftotext", ["-layout", path, "-"])
    try #require(out.status == 0)
    var pages = out.output.components(separatedBy: "\u{0C}")
    if pages.last?.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty == true { pages.removeLast() }
    return pages
}
