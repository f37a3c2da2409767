internal import Foundation
internal import Glibc

/// A file written from its start over whatever bytes it held, then cut to the length written:
/// the pages it already has in the page cache are reused (``Recycler``). Opened without
/// `O_TRUNC`, which would free them first. No other name may link to the file.
final class InPlaceFile {
    private let path: String
    private var descriptor: Int32
    private var length = 0

    init(path: String) throws(SiteError) {
        self.path = path
        descriptor = open(path, O_WRONLY | O_CREAT, 0o644)
        guard descriptor >= 0 else { throw Self.failure(path, "cannot create") }
    }

    deinit { if descriptor >= 0 { close(descriptor) } }

    func write(_ bytes: UnsafeRawBufferPointer) throws(SiteError) {
        var done = 0
        while done < bytes.count {
            let count = Glibc.write(descriptor, bytes.baseAddress! + done, bytes.count - done)
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { throw Self.failure(path, "cannot write") }
            done += count
        }
        length += bytes.count
    }

    /// Cuts the file to what was written and closes it.
    func finish() throws(SiteError) {
        let closing = descriptor
        descriptor = -1
        let cut = ftruncate(closing, off_t(length))
        guard close(closing) == 0, cut == 0 else { throw Self.failure(path, "cannot write") }
    }

    /// Writes what `body` hands its sink into the file at `path`, then cuts it to that length.
    static func write(_ path: String, _ body: ((UnsafeRawBufferPointer) throws -> Void) throws -> Void) throws {
        let file = try InPlaceFile(path: path)
        try body { bytes in try file.write(bytes) }
        try file.finish()
    }

    static func failure(_ path: String, _ what: String) -> SiteError {
        SiteError(step: "exports", path: path, message: "\(what): \(String(cString: strerror(errno)))")
    }
}
