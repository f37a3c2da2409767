internal import CZlib
internal import Foundation

/// gzip copies of big downloads, written beside them as `name.gz` so that nginx's `gzip_static`
/// sends the compressed bytes to clients that accept them (docs/deployment.md). The copy is
/// deterministic (zlib's gzip header without a name or time), so an unchanged download gives an
/// unchanged `.gz` and both keep their modification time across builds.
enum Precompression {
    /// gzip must save at least this share of the bytes (XLSX, a zip already, never does).
    static let minimumSaving = 0.10

    /// Writes `path.gz` when the file is larger than `minimumBytes` and gzip saves at least 10 %
    /// (of its first MiB, then of the whole); returns whether it did, and for a file above `sizes.threshold` the index of its segments.
    /// A `.gz` left from before is removed first. The file is read in pieces, never whole.
    ///
    /// Files above the threshold are compressed at level 1 rather than zlib's 6 (a year's
    /// user_activity downloads are hundreds of megabytes of repetitive text, which level 1 still
    /// shrinks ~15-fold), by ISA-L's igzip (about five times as fast as zlib's level 1), in
    /// segments, taking the compressed bytes of every segment `previous` holds from it
    /// (``SegmentedGzip``). With `inPlace`, a segmented copy is written over the `.gz` already
    /// there, which no other name may link to (one taken back from the site before the last,
    /// ``Recycler``); otherwise that file is unlinked first.
    static func compress(
        _ path: String, minimumBytes: Int, sizes: GzipSegmenting = .standard, previous: SegmentedGzip.Previous? = nil,
        inPlace: Bool = false
    ) throws(SiteError) -> (written: Bool, index: GzipIndex?, reusedBytes: Int) {
        let target = path + ".gz"
        // May be a hard link to the published copy: never written in place unless taken back.
        if !inPlace { unlink(target) }
        guard let size = fileSize(path), size > minimumBytes else {
            unlink(target)
            return (false, nil, 0)
        }
        if size > sampleBytes, try !sampleShrinks(path) {
            unlink(target)
            return (false, nil, 0)
        }
        var (index, reused): (GzipIndex?, Int) = (nil, 0)
        if size > sizes.threshold {
            let outcome = try SegmentedGzip.write(path, to: target, sizes: sizes, previous: previous, inPlace: inPlace)
            (index, reused) = (outcome.index, outcome.reusedBytes)
        } else {
            unlink(target)
            try compressWhole(path, to: target)
        }
        guard let compressed = fileSize(target), Double(compressed) <= Double(size) * (1 - minimumSaving) else {
            unlink(target)
            return (false, nil, 0)
        }
        return (true, index, reused)
    }

    /// A file larger than this is first judged by its first this many bytes (``sampleShrinks(_:)``).
    static let sampleBytes = 1 << 20

    /// Whether level-1 deflate shrinks the first ``sampleBytes`` of `path` by ``minimumSaving``.
    /// A file whose start does not shrink is taken to be compressed already (a zip such as a
    /// long workbook, an image) and gets no copy: compressing a year's 90-day workbook whole,
    /// only to throw the copy away, cost 0.6 s of a nightly build.
    static func sampleShrinks(_ path: String) throws(SiteError) -> Bool {
        guard let input = fopen(path, "rb") else {
            throw SiteError(step: "exports", path: path, message: "cannot read for gzip: \(String(cString: strerror(errno)))")
        }
        defer { fclose(input) }
        var sample = [UInt8](repeating: 0, count: sampleBytes)
        let count = sample.withUnsafeMutableBytes { fread($0.baseAddress!, 1, $0.count, input) }
        var compressedLength = compressBound(UInt(count))
        var compressed = [UInt8](repeating: 0, count: Int(compressedLength))
        let status = compressed.withUnsafeMutableBufferPointer { out in
            sample.withUnsafeBufferPointer { compress2(out.baseAddress!, &compressedLength, $0.baseAddress!, UInt(count), 1) }
        }
        guard status == Z_OK else { throw SiteError(step: "exports", path: path, message: "gzip failed (zlib status \(status))") }
        return Double(compressedLength) <= Double(count) * (1 - minimumSaving)
    }

    /// One zlib stream at level 6, through zlib's gzip file functions.
    private static func compressWhole(_ path: String, to target: String) throws(SiteError) {
        guard let input = fopen(path, "rb") else {
            throw SiteError(step: "exports", path: path, message: "cannot read for gzip: \(String(cString: strerror(errno)))")
        }
        defer { fclose(input) }
        guard let file = gzopen(target, "wb6") else {
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
    }

    /// The size in bytes of a file, nil when it does not exist.
    static func fileSize(_ path: String) -> Int? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return Int(info.st_size)
    }
}
