import Foundation
import Model
import Testing

@Suite("Named threads")
struct NamedThreadTests {
    /// The kernel's name for the calling thread (`/proc/thread-self/comm`, without its newline).
    static func kernelName() -> String {
        let text = (try? String(contentsOfFile: "/proc/thread-self/comm", encoding: .utf8)) ?? ""
        return text.trimmingCharacters(in: .newlines)
    }

    /// What the kernel calls a thread started with `name`, read on that thread.
    static func nameSeen(starting name: String) -> String {
        let seen = DispatchSemaphore(value: 0)
        nonisolated(unsafe) var result = ""
        NamedThread.start(name) {
            result = kernelName()
            seen.signal()
        }
        seen.wait()
        return result
    }

    @Test("a thread's name reaches the kernel, where top -H and perf read it", arguments: ["espice-writer", "espice-wal", "x"])
    func nameReachesTheKernel(name: String) {
        #expect(Self.nameSeen(starting: name) == name)
    }

    @Test("a name longer than Linux keeps is cut to 15 bytes at a character boundary, not refused")
    func longNameIsCut() {
        // "espice-abcdefg" is 14 bytes and "é" two more: cutting at byte 15 would split it.
        let name = "espice-abcdefgé-reader"
        #expect(Self.nameSeen(starting: name) == "espice-abcdefg")
        // A name that fits to the byte is kept whole: 7 + 1 + 2 + 3 + 2 = 15 bytes.
        #expect(Self.nameSeen(starting: "espice-résumé") == "espice-résumé")
    }
}
