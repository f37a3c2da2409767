internal import Foundation

/// Starts plain threads whose names show in `top -H`, `ps -L` and `perf` (`/proc/…/task/…/comm`).
///
/// Foundation on Linux applies `Thread.name` to the system thread only when the thread sets it
/// on itself: a name set before `start()` is kept in the object and never reaches the kernel, so
/// every such thread showed the name of the pool thread that started it ("oot.default-qos").
/// Linux keeps at most 15 bytes of a name and refuses a longer one outright.
public enum NamedThread {
    /// The longest name Linux keeps (16 bytes with the terminating NUL).
    public static let maxNameBytes = 15

    /// Starts a thread that names itself `name` (cut to ``maxNameBytes``) and runs `body`.
    public static func start(_ name: String, stackSize: Int? = nil, _ body: @escaping @Sendable () -> Void) {
        let shortName = shortened(name)
        let thread = Thread {
            Thread.current.name = shortName
            body()
        }
        if let stackSize { thread.stackSize = stackSize }
        thread.start()
    }

    /// `name` cut to at most ``maxNameBytes`` UTF-8 bytes, at a character boundary.
    static func shortened(_ name: String) -> String {
        var result = ""
        for character in name {
            guard result.utf8.count + character.utf8.count <= maxNameBytes else { break }
            result.append(character)
        }
        return result
    }
}
