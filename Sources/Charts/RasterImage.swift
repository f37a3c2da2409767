internal import CCairo
public import Foundation

/// A decoded 8-bit RGB image, for comparing rendered PNGs with golden files (tests, tools).
public struct RasterImage: Sendable, Equatable {
    public let width: Int
    public let height: Int
    /// Row-major RGB bytes, `width * height * 3` of them.
    public let pixels: [UInt8]

    /// Decodes a PNG (any colour type; alpha is dropped) with libpng's simplified API.
    public init(png: Data) throws(ChartsError) {
        var image = png_image()
        image.version = espice_png_image_version()
        let begun = png.withUnsafeBytes { png_image_begin_read_from_memory(&image, $0.baseAddress, $0.count) }
        guard begun != 0 else { throw ChartsError.pngEncoding("not a readable PNG") }
        image.format = espice_png_format_rgb()
        var buffer = [UInt8](repeating: 0, count: Int(image.width) * Int(image.height) * 3)
        let finished = buffer.withUnsafeMutableBytes { png_image_finish_read(&image, nil, $0.baseAddress, 0, nil) }
        png_image_free(&image)
        guard finished != 0 else { throw ChartsError.pngEncoding("could not decode the PNG") }
        width = Int(image.width)
        height = Int(image.height)
        pixels = buffer
    }

    /// Creates an image from row-major RGB bytes (`width * height * 3` of them).
    public init(width: Int, height: Int, pixels: [UInt8]) {
        precondition(width >= 0 && height >= 0 && pixels.count == width * height * 3, "pixels must hold width × height RGB triples")
        self.width = width
        self.height = height
        self.pixels = pixels
    }

    /// The image as an 8-bit RGB PNG, encoded the way charts are (``PNGEncoder``).
    public func pngData() throws(ChartsError) -> Data {
        var words = [UInt32](repeating: 0, count: width * height)
        for p in 0..<(width * height) {
            words[p] = UInt32(pixels[3 * p]) << 16 | UInt32(pixels[3 * p + 1]) << 8 | UInt32(pixels[3 * p + 2])
        }
        let result = words.withUnsafeBytes { raw -> Result<Data, ChartsError> in
            guard let base = raw.baseAddress else { return .failure(.pngEncoding("empty image")) }
            do throws(ChartsError) {
                return .success(try PNGEncoder.encode(xrgb32: base, width: width, height: height, stride: width * 4))
            } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }

    /// The share (0…1) of pixels whose largest channel difference exceeds `threshold`; 1 when
    /// the sizes differ.
    public func differingFraction(from other: RasterImage, threshold: UInt8 = 24) -> Double {
        guard width == other.width, height == other.height, width * height > 0 else { return 1 }
        var differing = 0
        for p in 0..<(width * height) {
            let i = p * 3
            for c in 0..<3 where abs(Int(pixels[i + c]) - Int(other.pixels[i + c])) > Int(threshold) {
                differing += 1
                break
            }
        }
        return Double(differing) / Double(width * height)
    }
}
