internal import Foundation

/// A value computed on a thread of its own while the caller does something else (the writer
/// merging what came before); ``wait()`` hands it over.
final class BackgroundWork<Value: Sendable>: @unchecked Sendable {
    private let done = DispatchSemaphore(value: 0)
    private var value: Value?
    /// Emptied by the thread before `done` is signalled, so that what the work captures (the
    /// store) never outlives the caller's wait — the process may exit right after.
    private var work: (@Sendable () -> Value)?

    init(_ work: @escaping @Sendable () -> Value) {
        self.work = work
        Thread { [self] in
            do {
                let body = self.work
                self.work = nil
                value = body?()
            }  // `body` released here, before the signal
            done.signal()
        }.start()
    }

    /// Blocks until the value is computed, and hands it over: only the first call gets it (this
    /// keeps no second reference, which would make the caller's changes copy it); later calls
    /// return nil at once.
    func wait() -> Value? {
        done.wait()
        done.signal()
        defer { value = nil }
        return value
    }
}
