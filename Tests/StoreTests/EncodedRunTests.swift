import Model
@testable import Store
import Testing

/// A run of events out of time order kept as sort-file records (``EncodedRun``).
@Suite("a run encoded as it arrives")
struct EncodedRunTests {
    @Test("records sort by time, equal times in arrival order, each read back as the event it was made from")
    func sortsAndReadsBack() throws {
        // A buffer of 64 bytes to start with: every batch makes it grow, and the event of
        // 300,000 bytes more than doubles it.
        let run = EncodedRun(capacity: 64)
        var arrivals: [TrackedEvent] = []
        for batch in 0..<4 {
            let events = RunSpillTests.unusual + (0..<50).map { index in
                TrackedEvent(eventType: "t\(batch)-\(index)", userId: "u\(index % 7)", timestamp: Int64((index * 7919 + batch) % 13))
            }
            run.append(events)
            arrivals += events
        }
        #expect(run.count == arrivals.count)
        run.sort()
        // The second method: a stable sort of the events by time.
        let expected = arrivals.enumerated().sorted { ($0.element.timestamp, $0.offset) < ($1.element.timestamp, $1.offset) }.map(\.element)
        for index in 0..<run.count {
            let payload = run.payload(index)
            #expect(SpillCodec.decode(payload) == expected[index], "record \(index)")
            #expect(run.record(index).count == SpillCodec.lengthSize + payload.count)
            #expect(run.keys[index].time == expected[index].timestamp)
        }
        run.removeAll()
        #expect(run.isEmpty)
        run.append([arrivals[1]])
        #expect(SpillCodec.decode(run.payload(0)) == arrivals[1])
    }
}
