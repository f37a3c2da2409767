internal import CFastPNG
import Foundation

/// Encodes 32-bit XRGB pixels (cairo's RGB24 image format) as 8-bit RGB PNGs with the
/// `CFastPNG` encoder: each row filtered with SUB or UP, then one dynamic-Huffman deflate block
/// of zero runs and short LZ77 matches. On chart images it is about 2.5× faster than libpng at
/// zlib level 1 and its files are smaller (docs/charts.md, docs/benchmarks.md).
enum PNGEncoder {
    /// The PNG of `height` rows of `width` pixels, `stride` bytes apart; each pixel a native-endian
    /// `0xXXRRGGBB` word whose top byte is ignored.
    static func encode(xrgb32 pixels: UnsafeRawPointer, width: Int, height: Int, stride: Int) throws(ChartsError) -> Data {
        guard width > 0, height > 0, width <= 100_000, height <= 100_000, stride >= width * 4 else {
            throw ChartsError.pngEncoding("invalid image size \(width)×\(height), stride \(stride)")
        }
        var output = espice_fastpng_output(data: nil, length: 0)
        let status = espice_fastpng_encode_xrgb32(
            pixels.assumingMemoryBound(to: UInt8.self), Int32(width), Int32(height), stride, &output)
        guard status == 0, let data = output.data else {
            espice_fastpng_free(&output)
            let reason = switch status {
            case -1: "image too large (\(width)×\(height))"
            case -2: "out of memory"
            default: "encoder error \(status)"
            }
            throw ChartsError.pngEncoding(reason)
        }
        // The C buffer becomes the Data's storage (malloc'd, released with free): no copy.
        return Data(bytesNoCopy: data, count: output.length, deallocator: .free)
    }
}
