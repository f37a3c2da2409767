internal import CCairo
public import Foundation

/// A multi-page PDF being drawn, for the PDF documents of reports: charts are drawn into it as
/// vectors with ``ChartRenderer/draw(_:into:frame:)`` and text with ``drawText(_:in:size:bold:color:alignment:)``.
/// Owns its cairo surface and context; not shared between threads. Call ``finish()`` once at
/// the end (it is also finished, without error reporting, when released).
public final class Canvas {
    /// Text alignment inside a box.
    public enum Alignment: Sendable { case left, center, right }

    private var context: CairoContext?
    let surface: CairoSurface
    /// The reusable text layout of document text (``Canvas/drawText(_:x:y:width:style:)``), made on first use.
    var documentText: DocumentText?
    /// The page size in points.
    public let pageWidth: Double
    public let pageHeight: Double

    /// Starts a PDF file at `url` with pages of `pageWidth` × `pageHeight` points (A4 is
    /// 595.28 × 841.89) and fixed metadata (pass the report's as-of time as the creation date).
    public init(pdfAt url: URL, pageWidth: Double, pageHeight: Double, metadata: PDFMetadata) throws(ChartsError) {
        surface = try CairoSurface.pdfFile(path: url.path, width: pageWidth, height: pageHeight, metadata: metadata)
        context = try CairoContext(surface: surface)
        self.pageWidth = pageWidth
        self.pageHeight = pageHeight
    }

    /// Starts a PDF document kept in memory (read it with ``finishData()``), with pages of
    /// `pageWidth` × `pageHeight` points and fixed metadata.
    public init(pdfPageWidth pageWidth: Double, pageHeight: Double, metadata: PDFMetadata) throws(ChartsError) {
        surface = try CairoSurface.pdf(width: pageWidth, height: pageHeight, metadata: metadata)
        context = try CairoContext(surface: surface)
        self.pageWidth = pageWidth
        self.pageHeight = pageHeight
    }

    deinit {
        if context != nil { cairo_surface_finish(surface.pointer) }
    }

    /// Ends the current page and starts a new one.
    public func newPage() throws(ChartsError) {
        let context = try liveContext()
        cairo_show_page(context.pointer)
        try context.check("starting a new page")
    }

    /// Draws `text` in `box` (one line, ellipsised to the box width), vertically centred.
    public func drawText(_ text: String, in box: ChartRect, size: Double = 10, bold: Bool = false,
                         color: UInt32 = 0x1F2328, alignment: Alignment = .left) throws(ChartsError) {
        let painter = Painter(context: try liveContext())
        let block = painter.text(text, font: FontSpec(size: size, bold: bold), maxWidth: box.width)
        let ax: Double = switch alignment { case .left: 0; case .center: 0.5; case .right: 1 }
        let x = box.x + ax * box.width
        painter.draw(block, x: x, y: box.midY, ax: ax, ay: 0.5, color: RGB(hex: color))
    }

    /// Fills a rectangle with a `0xRRGGBB` colour.
    public func fill(_ rect: ChartRect, color: UInt32) throws(ChartsError) {
        Painter(context: try liveContext()).fill(rect, RGB(hex: color))
    }

    /// Draws a straight line.
    public func line(from start: (x: Double, y: Double), to end: (x: Double, y: Double), width: Double = 0.5,
                     color: UInt32 = 0x8C959F) throws(ChartsError) {
        Painter(context: try liveContext()).line(start.x, start.y, end.x, end.y, color: RGB(hex: color), width: width)
    }

    /// Finishes the document and writes the rest of the file; the canvas cannot be used after.
    public func finish() throws(ChartsError) {
        guard let context else { throw ChartsError.canvasFinished }
        try context.check("drawing the document")
        self.context = nil
        try surface.finish()
    }

    /// Finishes an in-memory document (``init(pdfPageWidth:pageHeight:metadata:)``) and returns its bytes.
    public func finishData() throws(ChartsError) -> Data {
        try finish()
        return try surface.streamBytes()
    }

    /// The context, or an error when the canvas is finished.
    func liveContext() throws(ChartsError) -> CairoContext {
        guard let context else { throw ChartsError.canvasFinished }
        return context
    }
}
