internal import Crypto
internal import Foundation

/// The SHA-256 of a segment's bytes, in lowercase hex, kept in the segment's ``GzipIndex`` entry.
///
/// It lets the next build reuse a segment's compressed bytes without reading the previous version
/// of the file to compare: a night's downloads of a busy year are about a gigabyte, and when the
/// page cache no longer holds them (the usual case a day later), reading them back took 2–3 s of
/// the nightly build. A CRC-32 alone would not do: anyone who can send events shapes the bytes,
/// and could make a segment whose CRC and length match another's.
enum SegmentDigest {
    static func of(_ bytes: UnsafeRawBufferPointer) -> String {
        SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined()
    }
}
