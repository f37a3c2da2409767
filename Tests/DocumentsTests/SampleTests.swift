import Documents
import Foundation
import Model
import Testing

/// `DOCUMENTS_SAMPLES=DIR swift test --filter DocumentsTests.SampleTests` writes one PDF per
/// report type from the fixtures into DIR, to look at (pdftoppm -png -r 60).
@Suite("Sample documents")
struct SampleTests {
    @Test("writes sample PDFs when DOCUMENTS_SAMPLES names a directory")
    func samples() throws {
        guard let directory = ProcessInfo.processInfo.environment["DOCUMENTS_SAMPLES"] else { return }
        let fixture = try DocumentFixture()
        defer { fixture.remove() }
        try fixture.addProcessingEvents()
        try fixture.addUsers()
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        for type in ReportType.allCases {
            try ReportPDF.write(try fixture.document(type), to: URL(fileURLWithPath: directory).appendingPathComponent("\(type.rawValue).pdf"),
                                options: PDFOptions())
        }
    }
}
