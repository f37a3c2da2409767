import Charts
import Foundation
import Model
import Testing

@Suite("The PNG encoder is lossless")
struct PNGEncoderTests {
    /// A deterministic xorshift generator, so failures reproduce.
    struct Generator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state ^= state << 13
            state ^= state >> 7
            state ^= state << 17
            return state
        }
    }

    /// Images of every kind the encoder special-cases: noise (no matches), flat, few colours
    /// in blocks (repeats), gradients, sparse dots on white; sizes from 1×1 up.
    static func images() -> [RasterImage] {
        var g = Generator(state: 0x9E37_79B9_7F4A_7C15)
        var images: [RasterImage] = []
        for index in 0..<60 {
            let width = index < 20 ? 1 + index % 5 : 1 + Int(g.next() % 180)
            let height = index < 20 ? 1 + index / 5 : 1 + Int(g.next() % 90)
            let palette = (0..<4).map { _ in (UInt8(truncatingIfNeeded: g.next()), UInt8(truncatingIfNeeded: g.next()), UInt8(truncatingIfNeeded: g.next())) }
            var pixels: [UInt8] = []
            pixels.reserveCapacity(width * height * 3)
            for y in 0..<height {
                for x in 0..<width {
                    let rgb: (UInt8, UInt8, UInt8) = switch index % 5 {
                    case 0: (UInt8(truncatingIfNeeded: g.next()), UInt8(truncatingIfNeeded: g.next()), UInt8(truncatingIfNeeded: g.next()))
                    case 1: (255, 255, 255)
                    case 2: palette[(x / 7 + y / 5) % 4]
                    case 3: (UInt8(truncatingIfNeeded: x * 3 + y), UInt8(truncatingIfNeeded: y * 5), UInt8(truncatingIfNeeded: x ^ y))
                    default: g.next() % 40 == 0 ? palette[Int(g.next() % 4)] : (255, 255, 255)
                    }
                    pixels += [rgb.0, rgb.1, rgb.2]
                }
            }
            images.append(RasterImage(width: width, height: height, pixels: pixels))
        }
        return images
    }

    @Test("encoding then decoding with libpng gives back every pixel exactly")
    func roundTrip() throws {
        for image in Self.images() {
            let decoded = try RasterImage(png: try image.pngData())
            let size = "\(image.width)×\(image.height)"
            #expect(decoded == image, "\(size)")
        }
    }

    @Test("a rendered chart survives a decode and re-encode unchanged, and stays small")
    func renderedChart() throws {
        let data = try ChartRenderer().render(ChartBenchmark.chart(), as: .png)
        let image = try RasterImage(png: data)
        let again = try RasterImage(png: try image.pngData())
        #expect(again == image)
        let bytes = data.count
        #expect(bytes < 400_000, "the benchmark chart's PNG was \(bytes) bytes (libpng at zlib level 1: 319 KB)")
    }
}
