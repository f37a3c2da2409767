import Foundation

/// The CPU priority of batch commands (everything but `ingest`).
///
/// On a small machine a build or an import beside the ingest daemon competes with it for the
/// cores. Beside an import, a second writer polling for the lock waited at most 6 ms, yet the
/// daemon's p99 was 20–38 ms: its slowest answers waited for the scheduler, not for SQLite
/// (docs/benchmarks.md). So batch commands run as background work, as cron jobs often do:
/// alone on the machine they are as fast as before; beside the daemon, the daemon gets the CPU
/// first.
///
/// How: the command runs in a task of background priority. On Linux, libdispatch gives the
/// threads of that priority nice 10 (and sets the nice value of its threads itself, so a
/// process-wide `setpriority` would not reach them); threads the command starts take their
/// creator's. `ESPICE_PRIORITY=normal` runs at the usual priority.
enum BatchPriority {
    static let variable = "ESPICE_PRIORITY"

    /// The priority `ESPICE_PRIORITY` asks for (`background`, the default, or `normal`).
    static func requested(_ environment: [String: String]) -> Result<TaskPriority, BatchPriorityError> {
        switch environment[variable]?.trimmingCharacters(in: .whitespaces).lowercased() {
        case nil, "", "background": .success(.background)
        case "normal": .success(.medium)
        case let other?: .failure(BatchPriorityError(text: other))
        }
    }
}

/// `ESPICE_PRIORITY` holds something other than `background` or `normal`.
struct BatchPriorityError: Error, CustomStringConvertible {
    let text: String
    var description: String { "\(BatchPriority.variable) must be background or normal (the CPU priority of batch commands), not '\(text)'" }
}
