import Charts
import Documents
import Foundation
import Model
import Testing

/// The cover and the first chart page of the processing fixture, rasterised with pdftoppm at
/// 40 dpi and compared with golden PNGs with a small tolerance (anti-aliasing may differ by a
/// few levels between library builds). Regenerate after an intended change with
/// `UPDATE_GOLDENS=1 swift test --scratch-path .build-docs --filter DocumentsTests.GoldenPageTests`
/// (see docs/documents.md), then look at the new files before committing them.
@Suite("Golden pages")
struct GoldenPageTests {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Goldens")
    static let update = ProcessInfo.processInfo.environment["UPDATE_GOLDENS"] == "1"

    @Test("the cover and the chart page match their golden images", arguments: [(1, "cover"), (3, "charts")])
    func matchesGolden(page: Int, name: String) throws {
        let fixture = try DocumentFixture()
        defer { fixture.remove() }
        try fixture.addProcessingEvents()
        let pdf = try fixture.pdf(try fixture.document(.processingPerformance))
        let prefix = fixture.directory.appendingPathComponent("page").path
        let out = try run("pdftoppm", ["-png", "-r", "40", "-f", "\(page)", "-l", "\(page)", "-singlefile", pdf, prefix])
        try #require(out.status == 0, "pdftoppm failed")
        let png = try Data(contentsOf: URL(fileURLWithPath: prefix + ".png"))
        let url = Self.directory.appendingPathComponent("\(name).png")
        if Self.update || !FileManager.default.fileExists(atPath: url.path) {
            try FileManager.default.createDirectory(at: Self.directory, withIntermediateDirectories: true)
            try png.write(to: url)
            #expect(Self.update, "golden \(name).png was missing and has been written; review and commit it")
            return
        }
        let fraction = try RasterImage(png: png).differingFraction(from: try RasterImage(png: try Data(contentsOf: url)))
        #expect(fraction <= 0.004, "\(name): \(String(format: "%.3f", fraction * 100)) % of pixels differ from the golden")
    }
}
