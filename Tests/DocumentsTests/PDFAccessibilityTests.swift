import Charts
import Documents
import Foundation
import Model
import Store
import Testing

/// What a reader of the emailed PDFs needs beyond the pages (issue 18): a document language, an
/// outline, contents entries that open their pages, and user text in any script, extractable.
/// Checked with pypdf, a PDF reader independent of cairo and poppler.
@Suite("PDF accessibility")
struct PDFAccessibilityTests {
    /// Runs a Python snippet over the PDF at `path` (its `sys.argv[1]`); returns its output.
    static func python(_ script: String, _ path: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script, path]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        try #require(process.terminationStatus == 0, "the pypdf check failed")
        return String(decoding: data, as: UTF8.self)
    }

    @Test("the language is English, the outline lists the sections, and each contents line links to its page")
    func structure() throws {
        let fixture = try DocumentFixture()
        defer { fixture.remove() }
        try fixture.addProcessingEvents()
        let path = try fixture.pdf(try fixture.document(.processingPerformance))
        let output = try Self.python("""
            import sys, pypdf
            reader = pypdf.PdfReader(sys.argv[1], strict=True)
            print("lang", reader.trailer["/Root"]["/Lang"])
            def walk(items, depth):
                for item in items:
                    if isinstance(item, list):
                        walk(item, depth + 1)
                    else:
                        print("outline", depth, item.title, reader.get_destination_page_number(item) + 1)
            walk(reader.outline, 0)
            destinations = reader.named_destinations
            for annotation in reader.pages[0].get("/Annots", []):
                annotation = annotation.get_object()
                if annotation["/Subtype"] == "/Link":
                    print("link", reader.get_destination_page_number(destinations[annotation["/Dest"]]) + 1)
            """, path)
        let lines = output.split(separator: "\n").map(String.init)
        #expect(lines.first == "lang en")
        let outline = lines.filter { $0.hasPrefix("outline ") }
        let links = lines.filter { $0.hasPrefix("link ") }.map { Int($0.dropFirst(5))! }
        // Top-level sections: the summary, the charts, the tables; charts and tables have entries.
        #expect(outline.contains { $0.hasPrefix("outline 0 Executive summary ") })
        #expect(outline.contains { $0.hasPrefix("outline 0 Charts ") })
        #expect(outline.contains { $0.hasPrefix("outline 0 Tables ") })
        #expect(outline.contains { $0.hasPrefix("outline 1 ") })
        // One link per contents line, to the page the outline gives for the same section.
        let outlinePages = outline.compactMap { Int($0.split(separator: " ").last!) }
        #expect(links == outlinePages, "links \(links) vs outline \(outlinePages)")
        #expect(links.allSatisfy { $0 >= 2 })
        // The update keeps the file valid for poppler too.
        #expect(try pdfInfo(path)["Pages"] != nil)
    }

    @Test("a user id with emoji renders and is extractable")
    func emoji() throws {
        let fixture = try DocumentFixture()
        defer { fixture.remove() }
        let users = ["rocket-🚀-ops", "Zoë 🎉", "山田太郎"]
        var events: [TrackedEvent] = []
        for (index, user) in users.enumerated() {
            for repeat_ in 0...index {
                events.append(TrackedEvent(
                    eventType: "feature_used", userId: user,
                    timestamp: DocumentFixture.time("2026-11-25T10:00:00Z") + Int64(index * 10 + repeat_) * 60_000))
            }
        }
        try fixture.store.insert(events)
        let path = try fixture.pdf(try fixture.document(.userActivity))
        let text = try pdfPages(path).joined(separator: "\n")
        for user in users { #expect(text.contains(user), "\(user) not extractable") }
        // The emoji come from a font that has them as outlines (not a missing-glyph box).
        let fonts = try run("pdffonts", [path]).output
        #expect(fonts.contains("Symbola"), "no emoji font embedded:\n\(fonts)")
    }
}

@Suite("PDF table widths")
struct PDFTableWidthTests {
    @Test("the 25-column peak usage table fits inside the page margins")
    func peakUsageFits() throws {
        let fixture = try DocumentFixture()
        defer { fixture.remove() }
        try fixture.addUsers()
        let path = try fixture.pdf(try fixture.document(.userActivity))
        // Word boxes from poppler: every hour header, H00 to H23, must end inside the right
        // margin (A4 595.28 pt wide, 44 pt margins).
        let boxes = try run("pdftotext", ["-bbox", path, "-"]).output
        var found: [String: Double] = [:]
        for line in boxes.split(separator: "\n") where line.contains("<word") {
            guard let close = line.range(of: "\">"), let end = line.range(of: "</word>"),
                let xMaxRange = line.range(of: #"xMax="[0-9.]+""#, options: .regularExpression)
            else { continue }
            let word = String(line[close.upperBound..<end.lowerBound])
            let xMax = Double(line[xMaxRange].dropFirst(6).dropLast()) ?? .infinity
            if word.range(of: #"^H\d\d$"#, options: .regularExpression) != nil { found[word] = max(found[word] ?? 0, xMax) }
        }
        #expect(found.count == 24, "hour headers found: \(found.keys.sorted())")
        for (word, xMax) in found { #expect(xMax <= 595.28 - 44 + 0.5, "\(word) ends at \(xMax) pt") }
    }
}
