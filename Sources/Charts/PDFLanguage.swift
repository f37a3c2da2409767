public import Foundation

/// Declares a PDF's natural language (`/Lang` in its catalog, ISO 639 code), which cairo cannot
/// write: screen readers pick their voice from it. Done as a PDF incremental update — the
/// catalog written again with `/Lang` added, a one-entry cross-reference section and a trailer
/// pointing back to cairo's — so every byte cairo wrote stays as it was.
public enum PDFLanguage {
    /// `pdf` with `/Lang (language)` in its catalog; `pdf` unchanged when its structure is not
    /// the plain one cairo writes (no change is better than a broken file).
    public static func tag(_ pdf: Data, language: String = "en") -> Data {
        let bytes = [UInt8](pdf)
        let text = String(decoding: bytes.suffix(4096), as: UTF8.self)
        guard let startxref = number(after: "startxref", in: text, last: true),
            let trailerStart = text.range(of: "trailer", options: .backwards),
            let trailerEnd = text.range(of: "startxref", options: .backwards),
            trailerStart.upperBound <= trailerEnd.lowerBound
        else { return pdf }
        let trailer = text[trailerStart.upperBound..<trailerEnd.lowerBound].trimmingCharacters(in: .whitespacesAndNewlines)
        guard trailer.hasPrefix("<<"), !trailer.contains("/Prev"), let root = number(after: "/Root", in: trailer, last: false)
        else { return pdf }
        // The catalog object as cairo wrote it: "N 0 obj << … >> endobj", uncompressed.
        let whole = String(decoding: bytes, as: UTF8.self)
        guard let objectStart = whole.range(of: "\n\(root) 0 obj"),
            let objectEnd = whole.range(of: "endobj", range: objectStart.upperBound..<whole.endIndex)
        else { return pdf }
        let dictionary = whole[objectStart.upperBound..<objectEnd.lowerBound].trimmingCharacters(in: .whitespacesAndNewlines)
        guard dictionary.hasPrefix("<<"), dictionary.contains("/Catalog"), !dictionary.contains("/Lang") else { return pdf }

        var update = "\n\(root) 0 obj\n<< /Lang (\(language))" + dictionary.dropFirst(2) + "\nendobj\n"
        let objectOffset = bytes.count + 1
        let xrefOffset = bytes.count + update.utf8.count
        update += "xref\n0 1\n0000000000 65535 f \n\(root) 1\n" + String(format: "%010d 00000 n \n", objectOffset)
        update += "trailer\n<< /Prev \(startxref)" + trailer.dropFirst(2) + "\nstartxref\n\(xrefOffset)\n%%EOF\n"
        return pdf + Data(update.utf8)
    }

    /// The integer after the first (or last) occurrence of `key`.
    private static func number(after key: String, in text: String, last: Bool) -> Int? {
        guard let range = text.range(of: key, options: last ? .backwards : []) else { return nil }
        let digits = text[range.upperBound...].drop { $0 == " " || $0 == "\n" || $0 == "\r" }.prefix { $0.isNumber }
        return Int(digits)
    }
}
