internal import CZlib
internal import Foundation

/// gzip copies of big downloads, written beside them as `name.gz` so that nginx's `gzip_static`
/// sends the compressed bytes to clients that accept them (docs/deployment.md). The copy is
/// deterministic (zlib's gzip header without a name or time), so an unchanged download gives an
/// unchanged `.gz` and both keep their modification time across builds.
enum Precompression {
    /// gzip must save at least this share of the bytes (XLSX, a zip already, never does).
    static let minimumSaving = 0.10

    /// Writes `path.gz` when the file is larger than `minimumBytes` and gzip saves at least 10 %;
    /// returns whether it did. A `.gz` left from before is removed first.
    static func compress(_ path: String, minimumBytes: Int) throws(SiteError) -> Bool {
        let target = path + ".gz"
        unlink(target)  // may be a hard link to the published copy: never written in place
        guard let size = fileSize(path), size > minimumBytes else { return false }
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
            throw SiteError(step: "exports", path: path, message: "cannot read for gzip: \(error.localizedDescription)")
        }
        guard let file = gzopen(target, "wb6") else {
            throw SiteError(step: "exports", path: target, message: "cannot create: \(String(cString: strerror(errno)))")
        }
        let written = data.withUnsafeBytes { (buffer: UnsafeRawBufferPointer) -> Bool in
            var offset = 0
            while offset < buffer.count {
                let chunk = min(1 << 20, buffer.count - offset)
                guard gzwrite(file, buffer.baseAddress! + offset, UInt32(chunk)) == Int32(chunk) else { return false }
                offset += chunk
            }
            return true
        }
        guard gzclose(file) == Z_OK, written else {
            unlink(target)
            throw SiteError(step: "exports", path: target, message: "gzip failed")
        }
        guard let compressed = fileSize(target), Double(compressed) <= Double(size) * (1 - minimumSaving) else {
            unlink(target)
            return false
        }
        return true
    }

    /// The size in bytes of a file, nil when it does not exist.
    static func fileSize(_ path: String) -> Int? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return Int(info.st_size)
    }
}
