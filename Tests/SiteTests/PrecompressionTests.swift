import Foundation
@testable import Site
import Testing

@Suite("gzip copies of downloads")
struct PrecompressionTests {
    static func directory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("precompression-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Bytes no compressor shrinks (a xorshift stream), as inside a zip.
    static func noise(_ count: Int, seed: UInt64) -> [UInt8] {
        var state = seed | 1
        return (0..<count).map { _ in
            state ^= state << 13
            state ^= state >> 7
            state ^= state << 17
            return UInt8(truncatingIfNeeded: state)
        }
    }

    static let text = Array(String(repeating: "{\"activity_count\":3,\"date\":\"2026-11-28\",\"user_id\":\"u-1234\"},\n", count: 60_000).utf8)

    @Test("a big file whose start gzip cannot shrink gets no copy, however much its rest would shrink")
    func incompressibleStartGetsNoCopy() throws {
        let directory = try Self.directory()
        defer { try? FileManager.default.removeItem(at: directory) }
        // 1 MiB of noise, then 3.6 MB of repeated text: whole, gzip would save ~75 %.
        let path = directory.appendingPathComponent("workbook.xlsx").path
        try Data(Self.noise(1 << 20, seed: 3) + Self.text).write(to: URL(fileURLWithPath: path))
        let made = try Precompression.compress(path, minimumBytes: 1_000_000)
        #expect(!made.written)
        #expect(!FileManager.default.fileExists(atPath: path + ".gz"))
    }

    @Test("a big text file gets a gzip copy that Python reads back as the file")
    func textGetsCopy() throws {
        let directory = try Self.directory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("list.json").path
        try Data(Self.text).write(to: URL(fileURLWithPath: path))
        let made = try Precompression.compress(path, minimumBytes: 1_000_000)
        #expect(made.written)
        let python = Process()
        python.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        python.arguments = ["python3", "-c", "import gzip,sys; sys.exit(0 if gzip.open(sys.argv[1]).read() == open(sys.argv[2], 'rb').read() else 1)", path + ".gz", path]
        try python.run()
        python.waitUntilExit()
        #expect(python.terminationStatus == 0)
    }

    @Test("a file of noise larger than the sample gets no copy, and one below the minimum none either", arguments: [3 << 20, 500_000])
    func noiseGetsNoCopy(size: Int) throws {
        let directory = try Self.directory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("image.png").path
        try Data(Self.noise(size, seed: 11)).write(to: URL(fileURLWithPath: path))
        #expect(try !Precompression.compress(path, minimumBytes: 400_000).written)
        #expect(!FileManager.default.fileExists(atPath: path + ".gz"))
    }
}
