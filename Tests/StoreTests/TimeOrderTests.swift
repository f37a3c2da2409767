import Model
@testable import Store
import Testing

/// Import batches go in by event time (the time index is then written page by page).
@Suite("batch time order")
struct TimeOrderTests {
    static func events(_ times: [Int64]) -> [TrackedEvent] {
        times.enumerated().map { TrackedEvent(eventType: "e\($0.offset)", timestamp: $0.element) }
    }

    @Test("an ordered batch needs no reordering")
    func ordered() {
        #expect(EventInserter.timeOrder(Self.events([1, 2, 2, 5, 9])) == nil)
        #expect(EventInserter.timeOrder([]) == nil)
    }

    @Test("positions by time, equal times in the order given", arguments: [
        ([5, 1, 3], [1, 2, 0]),
        ([2, 2, 1, 2], [2, 0, 1, 3]),
        ([9, 8, 7, 6], [3, 2, 1, 0]),
    ] as [([Int64], [Int])])
    func reordered(times: [Int64], expected: [Int]) {
        #expect(EventInserter.timeOrder(Self.events(times)) == expected)
    }

    @Test("a shuffled batch of 1,000 is stored whole, in time order")
    func storedInOrder() throws {
        let directory = TemporaryDirectory()
        let store = try TestStore.open(directory.path("t.db"))
        // A fixed permutation of 0..<1000 (multiplying by a unit mod 1000).
        let times = (0..<1000).map { Int64(($0 * 337) % 1000) * 1000 + june1Noon }
        try store.insertBatch(Self.events(times), receivedAt: june1Noon)
        let stored = try store.events(limit: 2_000)
        #expect(stored.count == 1000)
        #expect(stored.map(\.ts) == times.sorted())
        #expect(Set(stored.map(\.eventType)).count == 1000)
    }
}
