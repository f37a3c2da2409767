import Foundation
import Hummingbird
import NIOCore

/// A read answer too large to hold in memory, written to a temporary file that is unlinked as
/// soon as it is open: its bytes live until the response that streams them has ended (the cache
/// never keeps one). Only a process killed while the file is being written leaves it in the
/// temporary directory.
///
/// A 90-day `user_activity` export of a site with 200,000 users is about 440 MB of JSON; held as
/// `Data` and copied into a `ByteBuffer`, one request took the daemon to 1 GB.
final class SpooledFile: Sendable {
    /// Bytes sent before the file's (``start``…).
    let head: ByteBuffer
    let start: Int
    let size: Int
    private let handle: FileHandle

    /// Calls `write` with a new temporary path, then opens what it wrote and unlinks it.
    init(head: ByteBuffer = ByteBuffer(), start: Int = 0, _ write: (URL) throws -> Void) throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("espice-answer-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: url) }
        try write(url)
        handle = try FileHandle(forReadingFrom: url)
        let end = Int(try handle.seekToEnd())
        self.head = head
        self.start = min(start, end)
        size = end
    }

    deinit { try? handle.close() }

    /// The answer's length: the head and the file from ``start``.
    var contentLength: Int { head.readableBytes + size - start }

    /// The whole answer in memory (for a small one, which the cache may keep).
    func bytes() throws -> ByteBuffer {
        var buffer = head
        try handle.seek(toOffset: UInt64(start))
        buffer.writeBytes(try handle.readToEnd() ?? Data())
        return buffer
    }

    /// Writes the head, then the file a mebibyte at a time.
    func write(to writer: inout any ResponseBodyWriter) async throws {
        if head.readableBytes > 0 { try await writer.write(head) }
        var offset = start
        while offset < size {
            try handle.seek(toOffset: UInt64(offset))
            guard let chunk = try handle.read(upToCount: min(1 << 20, size - offset)), !chunk.isEmpty else { break }
            try await writer.write(ByteBuffer(bytes: chunk))
            offset += chunk.count
        }
    }
}
