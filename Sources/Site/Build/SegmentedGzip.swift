internal import CZlib
internal import Foundation

/// The gzip copy of a big download, made of segments each deflated on its own (a fresh stream,
/// ended by a sync flush, as pigz does) inside one gzip member, so that any gzip reader sees an
/// ordinary file. Segments end at content-defined boundaries (``GzipSegmenting``).
///
/// Why: a 90-day user_activity download of a busy site is hundreds of megabytes, and each
/// night it changes by a day at its ends while the days between stay byte for byte the same.
/// Compressing it again took most of a nightly build (issue 16). Here a segment whose bytes are
/// in the previous version of the file (found by length and CRC-32, then checked against that
/// file's bytes or their SHA-256: ``SegmentReuse``) takes its compressed bytes from the previous
/// copy. The result does not depend on the reuse: it is the same bytes a fresh copy of the file
/// would be.
enum SegmentedGzip {
    /// The published version of the file, its copy, and the copy's index.
    struct Previous: Sendable {
        var file: String
        var gzip: String
        var index: GzipIndex
    }

    /// The written copy's index, how many of the file's bytes came from the previous copy, and
    /// how many of those were checked by their digest instead of against the previous file.
    struct Outcome {
        var index: GzipIndex
        var reusedBytes: Int
        var reusedByDigest = 0
    }

    /// Writes the copy of `path` to `target` (replaced; with `inPlace`, a file there is written
    /// over and cut to length, and no other name may link to it), deflated by igzip at its level 1.
    static func write(
        _ path: String, to target: String, sizes: GzipSegmenting, previous: Previous?, inPlace: Bool = false,
        check: SegmentReuse.Check = .memoryThenDigest
    ) throws(SiteError) -> Outcome {
        if !inPlace { unlink(target) }
        let input = open(path, O_RDONLY)
        guard input >= 0 else { throw failure(path, "cannot read for gzip") }
        defer { close(input) }
        let output = open(target, O_WRONLY | O_CREAT | (inPlace ? 0 : O_TRUNC), 0o644)
        guard output >= 0 else { throw failure(target, "cannot create") }
        var closed = false
        defer { if !closed { close(output) } }
        do throws(SiteError) {
            let reuse = SegmentReuse(previous, check: check)
            let writer = SegmentWriter(output: output, target: target, maximumSegment: sizes.maximum)
            let reused = try writer.copy(from: input, path: path, sizes: sizes, reuse: reuse)
            let index = try writer.finish()
            if inPlace, ftruncate(output, off_t(index.gzipSize)) != 0 { throw failure(target, "cannot write") }
            closed = true
            guard close(output) == 0 else { throw failure(target, "cannot write") }
            guard let rawModified = modified(path), let gzipModified = modified(target) else { throw failure(target, "cannot read back") }
            var finished = index
            (finished.rawModified, finished.gzipModified) = (rawModified, gzipModified)
            return Outcome(index: finished, reusedBytes: reused, reusedByDigest: reuse.reusedByDigest)
        } catch {
            unlink(target)
            throw error
        }
    }

    /// The length of the segment at the start of `bytes` (the rest of the file, or at least
    /// `sizes.maximum` bytes of it): up to the first boundary at or after `minimum` bytes, at
    /// most `maximum`.
    static func cut(_ bytes: UnsafeRawBufferPointer, sizes: GzipSegmenting) -> Int {
        let limit = min(bytes.count, sizes.maximum)
        guard limit > sizes.minimum else { return limit }
        let top = ~(UInt64.max >> UInt64(sizes.boundaryBits))
        // The hash at a byte depends on the 64 bytes before it only: start 64 bytes before the
        // first place a boundary may be.
        var hash: UInt64 = 0
        var index = max(0, sizes.minimum - 64)
        return gear.withUnsafeBufferPointer { gear in
            while index < limit {
                hash = (hash << 1) &+ gear[Int(bytes[index])]
                index += 1
                if hash & top == 0, index >= sizes.minimum { return index }
            }
            return limit
        }
    }

    /// 256 random words (splitmix64 from a fixed seed): the rolling hash's value of each byte.
    static let gear: [UInt64] = {
        var state: UInt64 = 0x6573_7069_6365_677A
        return (0..<256).map { _ in
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }()

    /// A file's modification time in nanoseconds, nil when it cannot be read.
    static func modified(_ path: String) -> Int64? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return Int64(info.st_mtim.tv_sec) * 1_000_000_000 + Int64(info.st_mtim.tv_nsec)
    }

    static func failure(_ path: String, _ what: String) -> SiteError {
        SiteError(step: "exports", path: path, message: "\(what): \(String(cString: strerror(errno)))")
    }
}
