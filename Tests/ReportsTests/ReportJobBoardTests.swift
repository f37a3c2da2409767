import Foundation
import Model
import Testing
@testable import Reports

/// The board that hands a batch's jobs to its workers: in priority order, but never a job whose
/// window another worker is reading at that moment while other work is left.
@Suite("Report job board")
struct ReportJobBoardTests {
    static let a = TimeWindow(start: 0, end: 10)
    static let b = TimeWindow(start: 10, end: 20)
    static let c = TimeWindow(start: 20, end: 30)

    @Test("one worker takes the jobs in order, reading each window once")
    func oneWorkerInOrder() throws {
        let board = ReportJobBoard(windows: [Self.a, Self.a, Self.b, Self.a])
        var taken: [ReportJobBoard.Taken] = []
        while let job = board.take() {
            taken.append(job)
            if job.loads { board.loaded([Self.a, Self.a, Self.b, Self.a][job.index]) }
        }
        #expect(taken == [.init(index: 0, loads: true), .init(index: 1, loads: false), .init(index: 2, loads: true), .init(index: 3, loads: false)])
    }

    @Test("a job whose window is being read waits while another window's job is handed out")
    func skipsAWindowBeingRead() throws {
        let board = ReportJobBoard(windows: [Self.a, Self.a, Self.b, Self.c])
        #expect(board.take() == .init(index: 0, loads: true))
        // Window a is being read: the next worker reads b, and the one after c.
        #expect(board.take() == .init(index: 2, loads: true))
        #expect(board.take() == .init(index: 3, loads: true))
        // Only job 1 is left, and its window is still being read: a worker waits for it.
        let result = TakenBox()
        let done = DispatchSemaphore(value: 0)
        Thread {
            result.set(board.take())
            done.signal()
        }.start()
        #expect(done.wait(timeout: .now() + .milliseconds(200)) == .timedOut)
        #expect(result.value == nil)
        board.loaded(Self.a)
        #expect(done.wait(timeout: .now() + .seconds(10)) == .success)
        #expect(result.value == .init(index: 1, loads: false))
        #expect(board.take() == nil)
    }

    @Test("a window is released when the last of its jobs finishes")
    func releasesAfterTheLastJob() {
        let board = ReportJobBoard(windows: [Self.a, Self.b, Self.a])
        #expect(board.finished(0) == nil)
        #expect(board.finished(1) == Self.b)
        #expect(board.finished(2) == Self.a)
    }

    @Test("workers take every job once, and none before its window was read", arguments: [1, 2, 4, 7])
    func manyWorkers(workers: Int) {
        var generator = SystemRandomNumberGenerator()
        let windows = (0..<300).map { _ in TimeWindow(start: Int64.random(in: 0..<12, using: &generator), end: 100) }
        let board = ReportJobBoard(windows: windows)
        let log = Log()
        ParallelWork.run(windows.count, workers: workers) { _ in
            guard let job = board.take() else { return }
            let window = windows[job.index]
            if job.loads {
                usleep(UInt32.random(in: 0..<500))
                log.read(window)
                board.loaded(window)
            } else if !log.wasRead(window) {
                log.early(job.index)
            }
            log.took(job.index)
        }
        #expect(log.taken.sorted() == Array(windows.indices))
        #expect(log.earlyJobs.isEmpty)
        #expect(log.readCount == Set(windows).count)
    }
}

private final class TakenBox: @unchecked Sendable {
    private let lock = NSLock()
    private var taken: ReportJobBoard.Taken?
    func set(_ value: ReportJobBoard.Taken?) { lock.withLock { taken = value } }
    var value: ReportJobBoard.Taken? { lock.withLock { taken } }
}

private final class Log: @unchecked Sendable {
    private let lock = NSLock()
    private var reads: [TimeWindow] = []
    private(set) var taken: [Int] = []
    private(set) var earlyJobs: [Int] = []
    func read(_ window: TimeWindow) { lock.withLock { reads.append(window) } }
    func wasRead(_ window: TimeWindow) -> Bool { lock.withLock { reads.contains(window) } }
    func early(_ index: Int) { lock.withLock { earlyJobs.append(index) } }
    func took(_ index: Int) { lock.withLock { taken.append(index) } }
    var readCount: Int { lock.withLock { reads.count } }
}
