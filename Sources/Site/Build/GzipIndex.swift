/// Where each separately compressed segment of a `.gz` copy lies (``SegmentedGzip``): what the
/// next build needs to reuse the compressed bytes of the segments a new version of the file
/// still holds. Kept in the site's ``ExportManifest``.
struct GzipIndex: Codable, Sendable, Equatable {
    /// Bytes of the file the copy was made of, and its modification time in nanoseconds.
    var rawSize: Int
    var rawModified: Int64
    /// Bytes of the copy, and its modification time in nanoseconds: a copy that is not the one
    /// this index describes any more is not reused.
    var gzipSize: Int
    var gzipModified: Int64
    var segments: [Segment]

    /// One segment: its bytes in the file, their CRC-32, where its compressed bytes start in the
    /// copy and how many there are, and the SHA-256 of its bytes (``SegmentDigest``; nil in an
    /// index written before digests were kept). Written as `[length, crc, offset, size, "digest"]`.
    struct Segment: Codable, Sendable, Equatable {
        var length: Int
        var crc: UInt32
        var offset: Int
        var size: Int
        var digest: String?

        init(length: Int, crc: UInt32, offset: Int, size: Int, digest: String? = nil) {
            self.length = length
            self.crc = crc
            self.offset = offset
            self.size = size
            self.digest = digest
        }

        init(from decoder: any Decoder) throws {
            var fields = try decoder.unkeyedContainer()
            length = try fields.decode(Int.self)
            crc = try fields.decode(UInt32.self)
            offset = try fields.decode(Int.self)
            size = try fields.decode(Int.self)
            digest = fields.isAtEnd ? nil : try fields.decode(String.self)
        }

        func encode(to encoder: any Encoder) throws {
            var fields = encoder.unkeyedContainer()
            try fields.encode(length)
            try fields.encode(crc)
            try fields.encode(offset)
            try fields.encode(size)
            if let digest { try fields.encode(digest) }
        }
    }
}

/// How a big file is cut into segments: at content-defined boundaries (a rolling hash of the
/// last 64 bytes with its top `boundaryBits` bits zero), at least `minimum` and at most
/// `maximum` bytes apart. An edit moves the boundaries around it only, so the rest of the file
/// is cut, and compressed, as before.
struct GzipSegmenting: Sendable, Equatable {
    /// Files above this size get a segmented copy (smaller ones one zlib stream, at level 6).
    var threshold: Int
    var minimum: Int
    var boundaryBits: Int
    var maximum: Int

    /// 16 MiB files and up; segments of 256 KiB to 4 MiB, about 1.25 MiB on average.
    static let standard = GzipSegmenting(threshold: 16 << 20, minimum: 256 << 10, boundaryBits: 20, maximum: 4 << 20)
}
