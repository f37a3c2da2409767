public import Foundation
public import Charts
public import Reports
internal import Exports

/// Renders a report into a paginated, print-quality PDF (SPEC §7): cover, executive summary,
/// every chart as vectors, every table (up to ``PDFOptions/maxTableRows`` rows each), with bookmarks,
/// page numbers and fixed metadata.
/// The same document and options give the same bytes. Used by `report --format pdf`, the site's
/// downloads and the delivery emails.
///
/// ```swift
/// let pdf = try ReportPDF.render(document, options: PDFOptions(siteTitle: "Acme Analytics"))
/// try ReportPDF.write(document, to: URL(fileURLWithPath: "report.pdf"), options: PDFOptions(paper: .letter))
/// ```
public enum ReportPDF {
    /// The PDF file's bytes.
    public static func render(_ document: ReportDocument, options: PDFOptions = PDFOptions()) throws(DocumentsError) -> Data {
        do {
            return try DocumentBuilder(document: document, options: options).build()
        } catch let error as DocumentsError {
            throw error
        } catch let error as ChartsError {
            throw DocumentsError("could not draw the PDF: \(error)")
        } catch {
            throw DocumentsError("could not draw the PDF: \(error)")
        }
    }

    /// Renders and writes the PDF to `url` atomically (a reader never sees a half-written file).
    public static func write(_ document: ReportDocument, to url: URL, options: PDFOptions = PDFOptions()) throws(DocumentsError) {
        let data = try render(document, options: options)
        do {
            try data.write(to: url, options: .atomic)
        } catch {
            throw DocumentsError("\(url.path): could not write the PDF: \((error as NSError).localizedDescription)")
        }
    }
}

/// How a PDF document is laid out and labelled.
public struct PDFOptions: Sendable {
    /// The product or site name on the cover and in the page header.
    public var siteTitle: String
    public var paper: Paper
    /// A PNG drawn on the cover beside the site title (at most 180 × 48 pt, proportions kept).
    public var logoPath: String?
    /// How a saved report's filters read on the cover; by default they are described from the
    /// report's metadata ("None" when there are none).
    public var filtersDescription: String?
    /// Whether to include the charts section.
    public var charts: Bool
    /// The alert thresholds the executive summary judges processing figures against.
    public var thresholds: PerformanceThresholds
    /// At most this many rows of each table (a note says how many more the CSV and XLSX hold);
    /// `nil` prints every row. The default is ``standardTableRows``: a 90-day user_activity table
    /// of a site with 200,000 users has millions of rows, which printed in full would be 90,000
    /// pages, 150 MB and minutes of one core, whether for the CLI, an API request or an email.
    public var maxTableRows: Int?

    /// The rows of a table a PDF prints unless told otherwise: 5,000, about 110 A4 pages.
    public static let standardTableRows = 5_000

    public init(siteTitle: String = "ESpice Analytics", paper: Paper = .a4, logoPath: String? = nil,
                filtersDescription: String? = nil, charts: Bool = true, thresholds: PerformanceThresholds = .standard,
                maxTableRows: Int? = PDFOptions.standardTableRows) {
        self.siteTitle = siteTitle
        self.paper = paper
        self.logoPath = logoPath
        self.filtersDescription = filtersDescription
        self.charts = charts
        self.thresholds = thresholds
        self.maxTableRows = maxTableRows
    }

    public typealias Paper = Documents.Paper
}

/// The page size of a PDF document.
public enum Paper: String, Sendable, CaseIterable {
    /// 210 × 297 mm (595.28 × 841.89 pt).
    case a4
    /// 8.5 × 11 in (612 × 792 pt).
    case letter

    /// `a4` or `letter` (case-insensitive).
    public init?(name: String) {
        self.init(rawValue: name.lowercased())
    }

    /// Width and height in points.
    public var size: (width: Double, height: Double) {
        switch self {
        case .a4: (595.28, 841.89)
        case .letter: (612, 792)
        }
    }
}

/// Why a PDF could not be made; `description` is a sentence for the user.
public struct DocumentsError: Error, CustomStringConvertible, Sendable, Equatable {
    public var description: String

    public init(_ description: String) {
        self.description = description
    }
}
