import Synchronization

/// A counting semaphore for async code: at most `limit` holders at once, the rest wait in order.
///
/// The batch endpoint takes a slot before reading a body and gives it back once answered, so the
/// bodies and decoded events held in memory are bounded by the slots, not by the number of
/// connections.
final class AsyncSlots: Sendable {
    private struct State {
        var available: Int
        var waiters: [CheckedContinuation<Void, Never>] = []
        var head = 0
    }
    private let state: Mutex<State>

    init(_ limit: Int) {
        state = Mutex(State(available: limit))
    }

    func acquire() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let granted = state.withLock { state -> Bool in
                if state.available > 0 {
                    state.available -= 1
                    return true
                }
                state.waiters.append(continuation)
                return false
            }
            if granted { continuation.resume() }
        }
    }

    func release() {
        let next = state.withLock { state -> CheckedContinuation<Void, Never>? in
            guard state.head < state.waiters.count else {
                state.available += 1
                return nil
            }
            let next = state.waiters[state.head]
            state.head += 1
            if state.head > 64 && state.head * 2 > state.waiters.count {
                state.waiters.removeFirst(state.head)
                state.head = 0
            }
            return next
        }
        next?.resume()
    }

    /// Runs `body` holding a slot.
    func withSlot<T>(_ body: () async throws(IngestError) -> T) async throws(IngestError) -> T {
        await acquire()
        defer { release() }
        return try await body()
    }
}
