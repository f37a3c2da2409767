internal import CIsal
internal import CZlib
internal import Foundation

/// Writes one gzip member segment by segment (``SegmentedGzip``): the header, each segment's
/// raw deflate ending in a sync flush (byte-aligned, nothing referring back to it), then an
/// empty final block and the trailer (CRC-32 and length of the whole file). Deflates with ISA-L's
/// igzip at its level 1, each segment from a reset stream (a copy of a busy year's 90-day CSV is
/// ~400 MB of text each night: zlib's level 1 took about five times as long). Owns the igzip
/// stream and its buffers (at fixed addresses).
final class SegmentWriter {
    private let output: Int32
    private let target: String
    private let stream: UnsafeMutablePointer<isal_zstream>
    private let levelBuffer: UnsafeMutableRawBufferPointer
    /// Compressed bytes out of zlib, and the previous copy's bytes read back.
    private let compressed: UnsafeMutableRawBufferPointer
    private let scratch: UnsafeMutableRawBufferPointer
    private var offset = 0
    private var rawSize = 0
    private var crc: uLong = 0
    private var segments: [GzipIndex.Segment] = []

    /// The gzip header: deflate, no name, no time, Unix (as zlib's own `gzopen` writes it).
    static let header: [UInt8] = [0x1F, 0x8B, 8, 0, 0, 0, 0, 0, 0, 3]
    /// An empty final block with fixed codes: ends a deflate stream whose blocks are all flushed.
    static let finalBlock: [UInt8] = [0x03, 0x00]

    init(output: Int32, target: String, maximumSegment: Int) {
        self.output = output
        self.target = target
        stream = .allocate(capacity: 1)
        UnsafeMutableRawPointer(stream).initializeMemory(as: UInt8.self, repeating: 0, count: MemoryLayout<isal_zstream>.size)
        levelBuffer = .allocate(byteCount: Int(espice_isal_level_buffer_size()), alignment: 16)
        compressed = .allocate(byteCount: 256 << 10, alignment: 16)
        // Room for a segment, or for its compressed bytes when they come out a little longer.
        scratch = .allocate(byteCount: maximumSegment + maximumSegment / 64 + 1024, alignment: 16)
    }

    deinit {
        stream.deallocate()
        levelBuffer.deallocate()
        compressed.deallocate()
        scratch.deallocate()
    }

    /// Cuts the file open on `input` into segments and writes each, from the previous copy when
    /// `reuse` has its bytes; returns how many bytes of the file were reused.
    func copy(from input: Int32, path: String, sizes: GzipSegmenting, reuse: SegmentReuse) throws(SiteError) -> Int {
        try put(Self.header)
        let capacity = 2 * sizes.maximum
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: capacity, alignment: 16)
        defer { buffer.deallocate() }
        var (start, filled, atEnd, reused) = (0, 0, false, 0)
        while true {
            if filled - start < sizes.maximum, !atEnd {
                if start > 0 {
                    memmove(buffer.baseAddress!, buffer.baseAddress! + start, filled - start)
                    (filled, start) = (filled - start, 0)
                }
                while filled < capacity {
                    let count = read(input, buffer.baseAddress! + filled, capacity - filled)
                    guard count >= 0 else { throw SegmentedGzip.failure(path, "cannot read for gzip") }
                    if count == 0 {
                        atEnd = true
                        break
                    }
                    filled += count
                }
            }
            guard start < filled else { break }
            let rest = UnsafeRawBufferPointer(rebasing: buffer[start..<filled])
            let length = SegmentedGzip.cut(rest, sizes: sizes)
            let segment = UnsafeRawBufferPointer(rebasing: rest[..<length])
            // ISA-L's CRC-32 (the same value as zlib's, several times as fast: every byte of a
            // big download goes through it each night, reused or not).
            let segmentCRC = crc32_gzip_refl(0, segment.baseAddress!.assumingMemoryBound(to: UInt8.self), UInt64(length))
            let begin = offset
            let digest: String
            if let previous = reuse.compressed(segment, crc: segmentCRC, scratch: scratch) {
                try put(previous.compressed)
                reused += length
                digest = previous.digest ?? SegmentDigest.of(segment)
            } else {
                try deflateSegment(segment)
                digest = SegmentDigest.of(segment)
            }
            segments.append(GzipIndex.Segment(length: length, crc: segmentCRC, offset: begin, size: offset - begin, digest: digest))
            crc = crc32_combine(crc, uLong(segmentCRC), off_t(length))
            rawSize += length
            start += length
        }
        return reused
    }

    /// The final block and the trailer; the index of what was written (its times still unset).
    func finish() throws(SiteError) -> GzipIndex {
        try put(Self.finalBlock)
        let size = UInt32(truncatingIfNeeded: rawSize)
        let trailer = [UInt32(crc), size].flatMap { value in (0..<4).map { UInt8(truncatingIfNeeded: value >> ($0 * 8)) } }
        try put(trailer)
        return GzipIndex(rawSize: rawSize, rawModified: 0, gzipSize: offset, gzipModified: 0, segments: segments)
    }

    /// Deflates `bytes` as a stream of its own (no history from the segment before), ended by a
    /// sync flush: done once all input is taken and the output buffer was not filled.
    private func deflateSegment(_ bytes: UnsafeRawBufferPointer) throws(SiteError) {
        espice_isal_start(stream, levelBuffer.baseAddress!.assumingMemoryBound(to: UInt8.self), UInt32(levelBuffer.count))
        stream.pointee.flush = UInt16(SYNC_FLUSH)
        stream.pointee.next_in = UnsafeMutablePointer(mutating: bytes.baseAddress!.assumingMemoryBound(to: UInt8.self))
        stream.pointee.avail_in = UInt32(bytes.count)
        repeat {
            stream.pointee.next_out = compressed.baseAddress!.assumingMemoryBound(to: UInt8.self)
            stream.pointee.avail_out = UInt32(compressed.count)
            let status = isal_deflate(stream)
            guard status == COMP_OK else {
                throw SiteError(step: "exports", path: target, message: "gzip: igzip status \(status)")
            }
            try put(UnsafeRawBufferPointer(rebasing: compressed[..<(compressed.count - Int(stream.pointee.avail_out))]))
        } while stream.pointee.avail_in > 0 || stream.pointee.avail_out == 0
    }

    private func put(_ bytes: [UInt8]) throws(SiteError) {
        let failed: SiteError? = bytes.withUnsafeBytes { raw in
            do throws(SiteError) { try put(raw) } catch { return error }
            return nil
        }
        if let failed { throw failed }
    }

    private func put(_ bytes: UnsafeRawBufferPointer) throws(SiteError) {
        var done = 0
        while done < bytes.count {
            let count = write(output, bytes.baseAddress! + done, bytes.count - done)
            guard count > 0 else { throw SegmentedGzip.failure(target, "cannot write") }
            done += count
        }
        offset += bytes.count
    }
}
