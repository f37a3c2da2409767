import Foundation
import Model
import Synchronization
import Testing

@Suite("Once cache")
struct OnceCacheTests {
    struct Failure: Error {}

    @Test("threads asking for the same key at once compute it once and all get that value")
    func computesOncePerKey() {
        let cache = OnceCache<Int, Int>()
        let calls = Mutex([Int: Int]())
        let results = ParallelWork.map(16, workers: 8) { (index: Int) throws(Never) -> Int in
            cache.value(index % 2) { () -> Int in
                calls.withLock { $0[index % 2, default: 0] += 1 }
                Thread.sleep(forTimeInterval: 0.05)  // long enough for the other threads to arrive
                return (index % 2) * 100 + 7
            }
        }
        #expect(calls.withLock { $0 } == [0: 1, 1: 1])
        #expect(results.map { try? $0.get() } == (0..<16).map { $0 % 2 == 0 ? 7 : 107 })
    }

    @Test("a computation that fails is tried again by the next caller")
    func failureIsNotCached() throws {
        let cache = OnceCache<String, Int>()
        #expect(throws: Failure.self) { try cache.value("k") { () throws(Failure) -> Int in throw Failure() } }
        #expect(cache.value("k") { 3 } == 3)
        #expect(cache.value("k") { 4 } == 3)
    }
}
