internal import Synchronization

/// A continuation resumed by whichever outcome comes first.
final class Once<Value: Sendable>: Sendable {
    private let state = Mutex<(continuation: CheckedContinuation<Value, Never>?, done: Bool)>((nil, false))

    func set(_ continuation: CheckedContinuation<Value, Never>) {
        state.withLock { $0.continuation = continuation }
    }

    /// Whether an outcome has resumed the continuation.
    var isFinished: Bool { state.withLock { $0.done } }

    /// Resumes with `value` unless an earlier outcome did; true when this one did.
    @discardableResult
    func finish(_ value: Value) -> Bool {
        let continuation: CheckedContinuation<Value, Never>? = state.withLock { state in
            guard !state.done, let continuation = state.continuation else { return nil }
            state.done = true
            state.continuation = nil
            return continuation
        }
        continuation?.resume(returning: value)
        return continuation != nil
    }
}
