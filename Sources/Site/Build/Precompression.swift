internal import CZlib
internal import Foundation

/// gzip copies of big downloads, written beside them as `name.gz` so that nginx's `gzip_static`
/// sends the compressed bytes to clients that accept them (docs/deployment.md). The copy is
/// deterministic (zlib's gzip header without a name or time), so an unchanged download gives an
/// unchanged `.gz` and both keep their modification time across builds.
enum Precompression {
    /// gzip must save at least this share of the bytes (XLSX, a zip already, never does).
    static let minimumSaving = 0.10

    /// Files above this size are compressed at zlib's level 1 rather than 6: a year's
    /// user_activity downloads are hundreds of megabytes of repetitive text, which level 1 still
    /// shrinks ~15-fold, three to four times faster.
    static let fastLevelBytes = 16 << 20

    /// Writes `path.gz` when the file is larger than `minimumBytes` and gzip saves at least 10 %;
    /// returns whether it did. A `.gz` left from before is removed first. The file is read in
    /// 1 MiB pieces, never whole.
    static func compress(_ path: String, minimumBytes: Int) throws(SiteError) -> Bool {
        let target = path + ".gz"
        unlink(target)  // may be a hard link to the published copy: never written in place
        guard let size = fileSize(path), size > minimumBytes else { return false }
        guard let input = fopen(path, "rb") else {
            throw SiteError(step: "exports", path: path, message: "cannot read for gzip: \(String(cString: strerror(errno)))")
        }
        defer { fclose(input) }
        guard let file = gzopen(target, size > fastLevelBytes ? "wb1" : "wb6") else {
            throw SiteError(step: "exports", path: target, message: "cannot create: \(String(cString: strerror(errno)))")
        }
        var buffer = [UInt8](repeating: 0, count: 1 << 20)
        var written = true
        while written {
            let count = buffer.withUnsafeMutableBytes { fread($0.baseAddress!, 1, $0.count, input) }
            if count == 0 {
                written = ferror(input) == 0
                break
            }
            written = buffer.withUnsafeBytes { gzwrite(file, $0.baseAddress!, UInt32(count)) == Int32(count) }
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
