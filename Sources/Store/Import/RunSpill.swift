internal import Model
internal import Foundation

/// The sorted runs of a large import in random time order, written to a temporary file and
/// merged back into one stream in time order: an external sort (issue 16).
///
/// Why: each run inserted on its own rewrites the pages of the time index it lands on, and once
/// that index outgrows SQLite's page cache (~250 MB at 10M events) each 100,000-event run lands
/// on most of its pages — a shuffled file of 10M events took 2.3–3.0× the time of the same events
/// in order. Merged, the whole import goes in in time order and writes the index about once.
///
/// The file is created beside the database (where space for the import is anyway, and not on a
/// RAM-backed /tmp) and unlinked at once: it never outlives the process, even after `kill -9`.
///
/// One thread at a time uses it: the import's writer while runs are written, then the thread
/// that merges them (hence `@unchecked Sendable`).
final class RunSpill: @unchecked Sendable {
    private let descriptor: Int32
    /// Where the file was made (its name is gone): for messages.
    let directory: String
    /// The byte range of each run, in arrival order.
    private(set) var runs: [Range<Int64>] = []
    private var end: Int64 = 0
    private var pending: [UInt8] = []
    private static let writeSize = 1 << 20

    /// Creates the file in `directory`, or in the system's temporary directory when that fails.
    init(directory: String) throws(StoreError) {
        var made: (Int32, String)?
        var lastError: Int32 = 0
        for candidate in [directory, NSTemporaryDirectory()] {
            var template = Array((candidate.hasSuffix("/") ? candidate : candidate + "/").utf8CString.dropLast())
            template.append(contentsOf: Array(".espice-import-sort.XXXXXX".utf8CString))
            let descriptor = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
            guard descriptor >= 0 else { lastError = errno; continue }
            let path = template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
            unlink(path)
            made = (descriptor, candidate)
            break
        }
        guard let (descriptor, directory) = made else {
            throw .failed(path: directory, reason: "cannot create the import's sort file: \(String(cString: strerror(lastError)))")
        }
        self.descriptor = descriptor
        self.directory = directory
        pending.reserveCapacity(Self.writeSize + 65_536)
    }

    deinit { close(descriptor) }

    /// Writes one run, whose events come in time order.
    func append(_ events: [TrackedEvent]) throws(StoreError) {
        try append(count: events.count) { SpillCodec.append(events[$0], to: &$1) }
    }

    /// Writes a sorted run's records in key order, each copied as it is.
    func append(_ run: EncodedRun) throws(StoreError) {
        try append(count: run.count) { position, bytes in
            bytes.append(contentsOf: run.record(position))
        }
    }

    /// Writes one run of `count` events in time order: `encode` appends the one at a position.
    func append(count: Int, _ encode: (Int, inout [UInt8]) -> Void) throws(StoreError) {
        let start = end + Int64(pending.count)
        for position in 0..<count {
            encode(position, &pending)
            if pending.count >= Self.writeSize { try writePending() }
        }
        try writePending()
        runs.append(start..<end)
    }

    private func writePending() throws(StoreError) {
        var written = 0
        while written < pending.count {
            let result = pending.withUnsafeBytes { bytes in
                pwrite(descriptor, bytes.baseAddress! + written, bytes.count - written, off_t(end) + off_t(written))
            }
            if result < 0 {
                if errno == EINTR { continue }
                throw Self.error(errno, directory: directory)
            }
            written += result
        }
        end += Int64(pending.count)
        pending.removeAll(keepingCapacity: true)
    }

    /// Fills `buffer` from the file at `offset`; returns the bytes read, fewer only at its end.
    func read(into buffer: UnsafeMutableRawBufferPointer, at offset: Int64) throws(StoreError) -> Int {
        var done = 0
        while done < buffer.count {
            let result = pread(descriptor, buffer.baseAddress! + done, buffer.count - done, off_t(offset) + off_t(done))
            if result < 0 {
                if errno == EINTR { continue }
                throw Self.error(errno, directory: directory)
            }
            if result == 0 { break }
            done += result
        }
        return done
    }

    static func error(_ code: Int32, directory: String) -> StoreError {
        code == ENOSPC
            ? .diskFull(path: directory)
            : .failed(path: directory, reason: "the import's sort file: \(String(cString: strerror(code)))")
    }
}
