import Foundation
import Testing
@testable import Documents

/// How instants read in a printed report.
@Suite("Document formats")
struct DocumentFormatTests {
    @Test("an instant reads as its date, time and UTC, without the fraction of a second")
    func instantByHand() {
        #expect(DocumentFormat.instant("2026-11-28T09:15:00Z") == "2026-11-28 09:15:00 UTC")
        #expect(DocumentFormat.instant("2026-11-28T09:15:00.123Z") == "2026-11-28 09:15:00 UTC")
        #expect(DocumentFormat.instant("2026-02-01T23:59:59.9Z") == "2026-02-01 23:59:59 UTC")
    }

    @Test("any text gives what Foundation's replacements give it", arguments: [
        "2026-11-28T09:15:00Z", "2026-11-28T09:15:00.001Z", "no t or z here", "TZ.TZ", "", ".", "Zürich Tür ZZ", "a.b.cTZ", "日本T語Z",
    ])
    func instantAsFoundationGivesIt(text: String) {
        var expected = text
        if let dot = expected.firstIndex(of: ".") { expected = String(expected[..<dot]) + "Z" }
        expected = expected.replacingOccurrences(of: "T", with: " ").replacingOccurrences(of: "Z", with: " UTC")
        #expect(DocumentFormat.instant(text) == expected)
    }
}
