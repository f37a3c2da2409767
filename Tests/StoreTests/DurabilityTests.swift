import Foundation
import Logging
import Store
import Testing

@Suite("Durability")
struct DurabilityTests {
    @Test("the writer keeps the synchronous level asked for at open", arguments: [
        (AnalyticsStore.Durability.full, "full"), (AnalyticsStore.Durability.normal, "normal"),
    ])
    func writerSynchronous(durability: AnalyticsStore.Durability, expected: String) throws {
        let directory = TemporaryDirectory()
        let path = directory.path("a.db")
        let store = try AnalyticsStore(path: path, durability: durability, logger: Logger(label: "test"))
        #expect(try store.writerSynchronous() == expected)
    }
}
