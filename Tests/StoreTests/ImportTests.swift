import Foundation
import Model
import Store
import Testing

@Suite("import")
struct ImportTests {
    let temp = TemporaryDirectory()

    func importing(
        _ sources: [ImportSource], strict: Bool = false, format: ImportFormat? = nil, batchSize: Int? = nil
    ) throws -> (ImportSummary, AnalyticsStore) {
        let store = try TestStore.open(temp.path("import.db"))
        var options = ImportOptions(format: format, strict: strict)
        if let batchSize { options.batchSize = batchSize }
        let summary = try EventImporter(options: options).run(sources, into: store)
        return (summary, store)
    }

    @Test("a good NDJSON file is stored whole: fields, event_data as written, times")
    func goodNDJSON() throws {
        let path = try temp.write("good.ndjson", """
            {"event_type": "document_processed", "event_data": {"device_type": "GaN-HEMT", "processing_time_ms": 1500, "file_size_mb": 2.5}, "service_name": "pdf-service", "user_id": "u-42", "timestamp": "2025-06-01T12:00:00Z"}
            {"event_type":"page_view","timestamp":1748779200.5}\r
            {"event_type":"spice_model_generated","event_data":{ "model_complexity" : "expert" },"user_id":"Анна","timestamp":"2025-06-01 12:00:00.250"}
            """)
        let (summary, store) = try importing([.file(path)])
        #expect(summary.imported == 3)
        #expect(summary.rejected == 0)
        #expect(summary.isClean)
        let events = try store.events()
        try #require(events.count == 3)
        // Ids within one batch follow event time (the time index is written in order), not lines.
        #expect(events.map(\.eventType) == ["document_processed", "spice_model_generated", "page_view"])
        // 1748779200 s is 2025-06-01T12:00:00Z (see june1Noon).
        #expect(events.map(\.ts) == [june1Noon, june1Noon + 250, june1Noon + 500])
        #expect(events[0].processingTimeMs == 1500)
        #expect(events[0].fileSizeMb == 2.5)
        #expect(events[0].serviceName == "pdf-service")
        #expect(events[2].eventData == "{}")
        #expect(events[1].eventData == #"{ "model_complexity" : "expert" }"#)
        #expect(events[1].userId == "Анна")
    }

    @Test("a CSV file with quoted commas, doubled quotes and line breaks inside quotes")
    func goodCSV() throws {
        let path = try temp.write("good.csv", """
            event_type,timestamp,service_name,user_id,event_data
            processing_error,2025-06-01T12:00:00Z,ocr-service,"Groß, Jürgen","{""error_type"": ""timeout"", ""error_message"": ""took, too long""}"
            page_view,1748779200,,,

            error,2025-06-01T12:00:00Z,api-gateway,"two-line
            user","{""error_message"": ""a\\nb""}"
            user_login,,api-gateway,u-8,{}
            """)
        let (summary, store) = try importing([.file(path)])
        #expect(summary.rejected == 0)
        #expect(summary.imported == 4)
        let events = try store.events()
        try #require(events.count == 4)
        #expect(events.map(\.eventType) == ["processing_error", "page_view", "error", "user_login"])
        #expect(events[0].userId == "Groß, Jürgen")
        #expect(events[0].eventData == #"{"error_type": "timeout", "error_message": "took, too long"}"#)
        #expect(events[0].errorType == "timeout")
        #expect(events[0].errorMessage == "took, too long")
        #expect(events[1].ts == june1Noon)
        #expect(events[1].serviceName == nil)
        #expect(events[1].eventData == "{}")
        #expect(events[2].userId == "two-line\nuser")
        #expect(events[2].errorMessage == "a\nb")
        #expect(events[3].userId == "u-8")
    }

    @Test("CSV columns may come in any order, and only event_type is required")
    func csvColumnOrder() throws {
        let path = try temp.write("order.csv", "user_id,event_type\nu-1,login\n")
        let (summary, store) = try importing([.file(path)])
        #expect(summary.imported == 1)
        #expect(try store.events().first?.userId == "u-1")
    }

    @Test("bad lines are skipped and listed with their exact line numbers and reasons")
    func badLines() throws {
        let path = try temp.write("mixed.ndjson", """
            {"event_type": "ok", "timestamp": "2025-06-01T12:00:00Z"}
            {"event_type": "bad type!"}

            {"event_type": "ok"
            {"service_name": "pdf-service"}
            {"event_type": "ok", "event_data": [1]}
            {"event_type": "ok", "user_id": 7}
            {"event_type": "ok", "timestamp": "2999-01-01T00:00:00Z"}
            {"event_type": "ok2"}
            """)
        let (summary, store) = try importing([.file(path)])
        #expect(summary.imported == 2)
        #expect(summary.rejected == 6)
        try #require(summary.rejections.count == 6)
        #expect(summary.rejections.map(\.line) == [2, 4, 5, 6, 7, 8])
        #expect(summary.rejections.allSatisfy { $0.file == path })
        let reasons = summary.rejections.map(\.reason)
        #expect(reasons[0].hasPrefix("event_type: may only contain letters, digits and _ . : -"))
        #expect(reasons[1].hasPrefix("malformed JSON at byte 20: "))
        #expect(reasons[2] == "event_type: is required")
        #expect(reasons[3] == "event_data: must be a JSON object, got an array")
        #expect(reasons[4] == "user_id: must be a string, got a number")
        #expect(reasons[5] == "timestamp: more than 24 hours in the future (2999-01-01T00:00:00Z)")
        #expect(summary.rejections[2].description == "\(path):5: event_type: is required")
        #expect(try store.events().map(\.eventType) == ["ok", "ok2"])
    }

    @Test("bad CSV records name the line their record starts on")
    func badCSVRecords() throws {
        let path = try temp.write("bad.csv", """
            event_type,user_id,event_data
            ok,u-1,"{""a"": 1}"
            ok,u-2
            ok,"multi
            line",[1]
            bad type,u-3,
            ok,u"4,
            ok,u-5,
            """)
        let (summary, store) = try importing([.file(path)])
        #expect(summary.imported == 2)
        try #require(summary.rejections.count == 4)
        #expect(summary.rejections.map(\.line) == [3, 4, 6, 7])
        #expect(summary.rejections[0].reason == "expected 3 columns, found 2")
        #expect(summary.rejections[1].reason == "event_data: must be a JSON object, got an array")
        #expect(summary.rejections[3].reason == "stray quote inside an unquoted field")
        #expect(try store.events().map(\.userId) == ["u-1", "u-5"])
    }

    @Test("only the first 20 rejections are listed; all are counted")
    func rejectionListIsCapped() throws {
        let lines = (1...25).map { _ in "not json" } + [#"{"event_type": "ok"}"#]
        let path = try temp.write("many.ndjson", lines.joined(separator: "\n"))
        let (summary, _) = try importing([.file(path)])
        #expect(summary.rejected == 25)
        #expect(summary.rejections.count == 20)
        #expect(summary.rejections.last?.line == 20)
        #expect(summary.imported == 1)
    }

    @Test("--strict: one bad line and nothing is stored, even batches before it")
    func strictStoresNothing() throws {
        var lines = (0..<2_500).map { #"{"event_type": "ok", "user_id": "u-\#($0)"}"# }
        lines[2_345] = #"{"event_type": ""}"#
        let path = try temp.write("strict.ndjson", lines.joined(separator: "\n"))
        let store = try TestStore.open(temp.path("strict.db"))
        var options = ImportOptions(strict: true)
        options.batchSize = 100
        let error = try #require(throws: ImportError.self) {
            try EventImporter(options: options).run([.file(path)], into: store)
        }
        guard case .strictRejection(let rejection) = error else {
            Issue.record("expected strictRejection, got \(error)")
            return
        }
        #expect(rejection.line == 2_346)
        #expect(error.description == "\(path):2346: event_type: must not be empty (--strict: nothing was imported)")
        #expect(try store.eventCount() == 0)
    }

    @Test("without --strict the same file keeps every good line across many batches")
    func nonStrictKeepsBatches() throws {
        var lines = (0..<2_500).map { #"{"event_type": "ok", "user_id": "u-\#($0)"}"# }
        lines[2_345] = #"{"event_type": ""}"#
        let path = try temp.write("lenient.ndjson", lines.joined(separator: "\n"))
        let (summary, store) = try importing([.file(path)], batchSize: 100)
        #expect(summary.imported == 2_499)
        #expect(try store.eventCount() == 2_499)
    }

    @Test("an unreadable file is named and the other files are still imported")
    func unreadableFile() throws {
        let first = try temp.write("a.ndjson", #"{"event_type": "a"}"#)
        let missing = temp.path("missing.ndjson")
        let directory = temp.path("folder.ndjson")
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let last = try temp.write("b.csv", "event_type\nb\n")
        let (summary, store) = try importing([.file(first), .file(missing), .file(directory), .file(last)])
        #expect(summary.imported == 2)
        #expect(summary.unreadableFiles == [
            "\(missing): No such file or directory", "\(directory): is a directory",
        ])
        #expect(!summary.isClean)
        #expect(try store.events().map(\.eventType) == ["a", "b"])
    }

    @Test("--strict with an unreadable file stores nothing and names the file")
    func strictUnreadable() throws {
        let first = try temp.write("a.ndjson", #"{"event_type": "a"}"#)
        let missing = temp.path("missing.ndjson")
        let store = try TestStore.open(temp.path("strict-missing.db"))
        let error = try #require(throws: ImportError.self) {
            try EventImporter(options: ImportOptions(strict: true)).run([.file(first), .file(missing)], into: store)
        }
        #expect(error.description == "\(missing): cannot read: No such file or directory (--strict: nothing was imported)")
        #expect(try store.eventCount() == 0)
    }

    @Test("--format overrides the file name; a UTF-8 byte-order mark is skipped")
    func formatAndBOM() throws {
        let path = try temp.write("events.txt", "\u{FEFF}event_type,user_id\nx,u-1\n")
        let (summary, store) = try importing([.file(path)], format: .csv)
        #expect(summary.imported == 1)
        #expect(try store.events().first?.userId == "u-1")
    }

    @Test("a CSV header with an unknown column: that file is skipped and named, the others imported")
    func badHeader() throws {
        let bad = try temp.write("header.csv", "event_type,colour\nx,red\n")
        let good = try temp.write("good.ndjson", #"{"event_type": "y"}"#)
        let (summary, store) = try importing([.file(bad), .file(good)])
        #expect(summary.imported == 1)
        #expect(summary.rejected == 1)
        #expect(summary.rejections.first?.description.hasPrefix("\(bad):1: unknown column \"colour\"") == true)
        #expect(summary.rejections.first?.reason.hasSuffix("; file skipped") == true)
        #expect(try store.events().map(\.eventType) == ["y"])
    }

    @Test("--strict: a bad CSV header aborts and stores nothing")
    func badHeaderStrict() throws {
        let good = try temp.write("good.ndjson", #"{"event_type": "y"}"#)
        let bad = try temp.write("header.csv", "event_type,event_type\nx,x\n")
        let store = try TestStore.open(temp.path("header.db"))
        let error = try #require(throws: ImportError.self) {
            try EventImporter(options: ImportOptions(strict: true)).run([.file(good), .file(bad)], into: store)
        }
        #expect(error.description == "\(bad):1: column \"event_type\" appears twice")
        #expect(try store.eventCount() == 0)
    }

    @Test("progress is reported after each batch with the running count")
    func progress() throws {
        let lines = (0..<250).map { #"{"event_type": "e\#($0)"}"# }
        let path = try temp.write("progress.ndjson", lines.joined(separator: "\n"))
        let store = try TestStore.open(temp.path("progress.db"))
        var options = ImportOptions()
        options.batchSize = 100
        let seen = ProgressLog()
        let summary = try EventImporter(options: options).run([.file(path)], into: store) { seen.append($0.imported) }
        #expect(summary.imported == 250)
        #expect(seen.values == [100, 200, 250])
    }
}

/// Collects progress reports (they arrive on the inserting thread).
final class ProgressLog: @unchecked Sendable {
    private let lock = NSLock()
    private var list: [Int] = []
    func append(_ value: Int) { lock.withLock { list.append(value) } }
    var values: [Int] { lock.withLock { list } }
}
