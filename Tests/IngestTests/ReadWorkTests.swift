import Foundation
import Glibc
import Hummingbird
@testable import Ingest
import Logging
import Model
import NIOCore
import Store
import Synchronization
import Testing

/// Where the read API does its work (``ReadWorker``), what its cache keeps (``ReadCache``), and
/// answers too large for memory (``SpooledFile``).
@Suite("the read API's worker, cache bound and spooled answers")
struct ReadWorkTests {
    @Test("the read worker answers 503 with Retry-After once maxWaiting requests are running or queued")
    func boundedQueue() async throws {
        let worker = ReadWorker(thread: DedicatedThread(name: "test-reads"), maxWaiting: 2)
        let started = DispatchSemaphore(value: 0)
        let release = DispatchSemaphore(value: 0)
        let first = Task { try await worker.run { () -> Int in started.signal(); release.wait(); return 1 } }
        started.wait()  // the first job holds the read thread
        let second = Task { try await worker.run { 2 } }
        #expect(await eventually { worker.waitingCount == 2 })
        await #expect(throws: IngestError.self) { try await worker.run { 3 } }
        do {
            _ = try await worker.run { 3 }
        } catch let error as IngestError {
            #expect(error.status == .serviceUnavailable)
            #expect(error.headers[.retryAfter] == "1")
        }
        release.signal()
        #expect(try await first.value == 1)
        #expect(try await second.value == 2)
        #expect(try await worker.run { 4 } == 4)  // room again
    }

    @Test("the read worker's thread runs at nice 10, below the threads that answer tracked events")
    func backgroundPriority() async throws {
        let worker = ReadWorker()
        #expect(try await worker.run { getpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0) } == 10)
    }

    @Test("the cache keeps no answer over an eighth of its byte budget, and stays within the budget")
    func byteBudget() {
        let cache = ReadCache(ttlSeconds: 60, byteBudget: 8_000)
        func answer(_ bytes: Int) -> CachedAnswer {
            CachedAnswer(contentType: "application/json", body: ByteBuffer(repeating: UInt8(ascii: "x"), count: bytes))
        }
        cache.store("big", watermark: 1, answer: answer(1_001))  // over 8,000 / 8
        #expect(cache.lookup("big", watermark: 1) == nil)
        for i in 0..<7 { cache.store("k\(i)", watermark: 1, answer: answer(1_000)) }
        #expect(cache.holding.entries == 7 && cache.holding.bytes == 7_000)
        cache.store("k0", watermark: 1, answer: answer(500))  // replaced, not added
        #expect(cache.holding.entries == 7 && cache.holding.bytes == 6_500)
        // 6,500 + 1,000 fits; 7,500 + 1,000 does not: entries of the same watermark that have not
        // expired all stay, so the cache starts over with the new answer alone.
        cache.store("k7", watermark: 1, answer: answer(1_000))
        #expect(cache.holding.bytes == 7_500)
        cache.store("k8", watermark: 1, answer: answer(1_000))
        #expect(cache.holding.entries == 1 && cache.holding.bytes == 1_000)
        #expect(cache.lookup("k8", watermark: 1) != nil)
        // Answers of an older watermark go first: k8 (watermark 1) and k9…k15 fill the budget
        // exactly (8,000); k16 makes room by dropping k8 alone.
        for i in 9..<16 { cache.store("k\(i)", watermark: 2, answer: answer(1_000)) }
        #expect(cache.holding.entries == 8 && cache.holding.bytes == 8_000)
        cache.store("k16", watermark: 2, answer: answer(1_000))
        #expect(cache.holding.entries == 8 && cache.holding.bytes == 8_000)
        #expect(cache.lookup("k9", watermark: 2) != nil)
        #expect(cache.lookup("k8", watermark: 1) == nil)
    }

    @Test("a spooled file is unlinked once open and streams its head, then its bytes from start")
    func spooledFile() throws {
        let written = Mutex<URL?>(nil)
        let file = try SpooledFile(head: ByteBuffer(string: "AB"), start: 1) { url in
            written.withLock { $0 = url }
            try Data("xyz".utf8).write(to: url)
        }
        let url = try #require(written.withLock { $0 })
        #expect(!FileManager.default.fileExists(atPath: url.path))
        #expect(file.contentLength == 4)
        #expect(String(buffer: try file.bytes()) == "AByz")
    }

    /// `count` users with one event each on 2025-06-01 (before ReadFixture's as-of, noon).
    static func users(_ count: Int, in directory: TemporaryDirectory) throws {
        let store = try AnalyticsStore(path: directory.path("events.db"), logger: TestDaemon.logger)
        let day = ReadFixture.asOf - 12 * 3_600_000
        try store.insert((1...count).map { i in
            TrackedEvent(eventType: "feature_used", userId: String(format: "reader-%05d", i), timestamp: day + Int64(i) * 1_000)
        })
    }

    @Test("user_activity of 10,001 users (20,002 per-user rows) is streamed from a file: JSON, CSV and generate hold every row")
    func spooledExports() async throws {
        let directory = TemporaryDirectory()
        try Self.users(10_001, in: directory)
        let daemon = try await TestDaemon.start(directory: directory)
        let query = "time_range=7d&as_of=" + ReadFixture.asOfText
        let json = try await daemon.client.get("/api/analytics/reports/user_activity/export?format=json&" + query)
        #expect(json.status == 200)
        #expect(json.header("Content-Length") == String(json.body.count))
        #expect(json.header("Content-Disposition") == "attachment; filename=\"user_activity-7d.json\"")
        let data = try #require(json.json["data"] as? [String: Any])
        #expect((data["user_activity"] as? [Any])?.count == 10_001)
        #expect((data["users"] as? [Any])?.count == 10_001)
        #expect(data["active_users"] as? Int == 10_001)

        let csv = try await daemon.client.get("/api/analytics/reports/user_activity/export?format=csv&" + query)
        #expect(csv.status == 200)
        let lines = csv.text.split(separator: "\r\n")
        // Each user once in the user-day table and once in the users table.
        #expect(lines.filter { $0.contains(",reader-") }.count == 20_002)
        #expect(lines.filter { $0.contains(",reader-10001,") }.count == 2)

        let generated = try await daemon.client.post(
            "/api/analytics/reports/generate", #"{"report_type":"user_activity","time_range":"7d","as_of":"\#(ReadFixture.asOfText)"}"#)
        #expect(generated.status == 200)
        #expect(generated.json["success"] as? Bool == true)
        #expect(((generated.json["data"] as? [String: Any])?["users"] as? [Any])?.count == 10_001)
        #expect(generated.header("Content-Length") == String(generated.body.count))
        try await daemon.stop()
    }
}
