import Foundation

/// Process-wide memory settings, made once before any command runs.
enum MemorySetup {
    /// glibc's `M_ARENA_MAX` (malloc.h, which Swift's Glibc module does not include).
    private static let arenaMax: Int32 = -8

    /// Limits glibc's malloc to one arena per core (at least two) unless `MALLOC_ARENA_MAX` says
    /// otherwise. By default glibc gives each new thread an arena, up to eight per core, and
    /// memory a thread freed stays in its arena: a cold `report all` folds on worker threads and
    /// then computes reports on others, and at 10M events with 200,000 users the fold's freed
    /// arenas kept ~60 MB of a 277 MB peak (218 MB with two arenas, at the same speed;
    /// docs/benchmarks.md). `mallopt` is looked up at run time: other C libraries lack it. Not
    /// called for `ingest` (see ``EspiceAnalytics/main()``).
    static func limitArenas() {
        guard ProcessInfo.processInfo.environment["MALLOC_ARENA_MAX"] == nil,
            let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "mallopt")
        else { return }
        typealias MallOpt = @convention(c) (Int32, Int32) -> Int32
        _ = unsafeBitCast(symbol, to: MallOpt.self)(arenaMax, Int32(max(2, ProcessInfo.processInfo.activeProcessorCount)))
    }
}
