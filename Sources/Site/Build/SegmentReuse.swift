internal import Foundation

/// The previous copy's segments by length and CRC-32, with the files to check and copy them from
/// (``SegmentedGzip``).
///
/// A segment of the new file is reused only when its bytes are the previous segment's, checked
/// one of two ways. When the page cache still holds the previous file's bytes (`mincore` on a
/// mapping of the file, which reads nothing), they are compared with the new ones. Otherwise the
/// new bytes' SHA-256 is compared with the digest the index keeps (``SegmentDigest``), so the
/// previous file is not read back from disk. (A read that must not wait, `RWF_NOWAIT`, would not
/// do: on a miss it starts the readahead it declines to wait for.) An index from before digests
/// were kept falls back to reading the previous file.
final class SegmentReuse {
    /// How a candidate segment is checked.
    enum Check: Sendable {
        /// Against the previous file's bytes where memory holds them, else by digest (builds).
        case memoryThenDigest
        /// By digest only, as when none of the previous file is in memory (tests).
        case digestOnly
    }

    /// A reused segment: its compressed bytes (in the caller's scratch buffer) and its digest,
    /// when known without hashing (nil when the previous index kept none).
    struct Reused {
        var compressed: UnsafeRawBufferPointer
        var digest: String?
    }

    private var byKey: [Key: (rawOffset: Int, segment: GzipIndex.Segment)] = [:]
    private var file: Int32 = -1
    private var gzip: Int32 = -1
    /// The previous file mapped, only to ask which of its pages memory holds (never read through).
    private var mapping: UnsafeMutableRawPointer?
    private var mappedBytes = 0
    private var residency: [UInt8] = []
    private let pageSize = Int(sysconf(Int32(_SC_PAGESIZE)))
    private let check: Check
    /// Bytes of reused segments that were checked by their digest.
    private(set) var reusedByDigest = 0

    private struct Key: Hashable {
        var length: Int
        var crc: UInt32
    }

    /// Nothing to reuse unless both published files are there and are what the index describes.
    init(_ previous: SegmentedGzip.Previous?, check: Check = .memoryThenDigest) {
        self.check = check
        guard let previous else { return }
        let index = previous.index
        guard Precompression.fileSize(previous.file) == index.rawSize, SegmentedGzip.modified(previous.file) == index.rawModified,
            Precompression.fileSize(previous.gzip) == index.gzipSize, SegmentedGzip.modified(previous.gzip) == index.gzipModified
        else { return }
        file = open(previous.file, O_RDONLY)
        gzip = open(previous.gzip, O_RDONLY)
        guard file >= 0, gzip >= 0 else { return }
        if check == .memoryThenDigest, index.rawSize > 0, let mapped = mmap(nil, index.rawSize, PROT_READ, MAP_SHARED, file, 0),
            mapped != MAP_FAILED
        {
            (mapping, mappedBytes) = (mapped, index.rawSize)
        }
        var offset = 0
        for segment in previous.index.segments {
            byKey[Key(length: segment.length, crc: segment.crc)] = (offset, segment)
            offset += segment.length
        }
    }

    deinit {
        if let mapping { munmap(mapping, mappedBytes) }
        if file >= 0 { close(file) }
        if gzip >= 0 { close(gzip) }
    }

    /// The previous compressed bytes of `bytes` (whose CRC-32 is `crc`), read into `scratch`;
    /// nil unless the previous file held exactly these bytes where its index says.
    func compressed(_ bytes: UnsafeRawBufferPointer, crc: UInt32, scratch: UnsafeMutableRawBufferPointer) -> Reused? {
        guard let (rawOffset, segment) = byKey[Key(length: bytes.count, crc: crc)], segment.length <= scratch.count,
            segment.size <= scratch.count
        else { return nil }
        if let kept = segment.digest, !inMemory(segment.length, at: rawOffset) {
            guard SegmentDigest.of(bytes) == kept else { return nil }
            reusedByDigest += segment.length
        } else {
            // In memory, or no digest kept (an older index): compared byte for byte.
            guard pread(file, scratch.baseAddress, segment.length, off_t(rawOffset)) == segment.length,
                memcmp(scratch.baseAddress!, bytes.baseAddress!, segment.length) == 0
            else { return nil }
        }
        guard pread(gzip, scratch.baseAddress, segment.size, off_t(segment.offset)) == segment.size else { return nil }
        // The same bytes as the segment the index describes: so is its digest.
        return Reused(compressed: UnsafeRawBufferPointer(rebasing: scratch[..<segment.size]), digest: segment.digest)
    }

    /// Whether the page cache holds every page of the previous file's `count` bytes at `offset`
    /// (false when the file is not mapped: digests only).
    private func inMemory(_ count: Int, at offset: Int) -> Bool {
        guard let mapping, offset + count <= mappedBytes else { return false }
        let first = offset / pageSize * pageSize
        let length = offset + count - first
        let pages = (length + pageSize - 1) / pageSize
        if residency.count < pages { residency = [UInt8](repeating: 0, count: pages) }
        guard mincore(mapping + first, length, &residency) == 0 else { return false }
        return residency[..<pages].allSatisfy { $0 & 1 != 0 }
    }
}
