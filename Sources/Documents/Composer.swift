internal import Charts
internal import Exports
internal import Foundation
internal import Model
internal import Reports

/// Flows content down pages. A document is composed twice with the same code: first without
/// drawing, to learn how many pages there are and where each section starts, then for real —
/// so "page X of Y" and the cover's contents are exact and both passes paginate identically.
final class Composer {
    let canvas: Canvas
    /// False in the measuring pass.
    let drawing: Bool
    let width: Double
    let height: Double
    let left = 44.0
    let right: Double
    let top = 66.0
    let bottom: Double
    /// Total pages (known in the drawing pass; 0 while measuring).
    let totalPages: Int
    /// Header and footer texts.
    let headerLeft: String
    let headerRight: String
    let footerLeft: String

    private(set) var page = 0
    var y = 0.0
    /// Sections in order with the page each starts on.
    private(set) var sections: [(title: String, level: Int, page: Int)] = []
    private var topOutline = 0

    init(canvas: Canvas, drawing: Bool, totalPages: Int, headerLeft: String, headerRight: String, footerLeft: String) {
        self.canvas = canvas
        self.drawing = drawing
        width = canvas.pageWidth
        height = canvas.pageHeight
        right = canvas.pageWidth - 44
        bottom = canvas.pageHeight - 54
        self.totalPages = totalPages
        self.headerLeft = headerLeft
        self.headerRight = headerRight
        self.footerLeft = footerLeft
    }

    var contentWidth: Double { right - left }

    /// Ends the current page (if any) and starts the next, with its header and footer.
    func newPage(cover: Bool = false) throws(ChartsError) {
        if drawing && page > 0 { try canvas.newPage() }
        page += 1
        y = cover ? 0 : top
        if drawing { try drawChrome(cover: cover) }
    }

    /// Starts a new page unless `height` more points fit on this one; true when it broke.
    @discardableResult
    func need(_ height: Double) throws(ChartsError) -> Bool {
        guard y + height > bottom else { return false }
        try newPage()
        return true
    }

    /// Sets text at the current `x`/`y` (drawn only in the drawing pass); returns its height.
    @discardableResult
    func text(_ string: String, x: Double, y: Double, width: Double, style: TextStyle) throws(ChartsError) -> Double {
        drawing
            ? try canvas.drawText(string, x: x, y: y, width: width, style: style)
            : try canvas.measureText(string, width: width, style: style)
    }

    /// Sets a paragraph across the content width at `y` and moves below it.
    func paragraph(_ string: String, style: TextStyle, after: Double = 6) throws(ChartsError) {
        let h = try canvas.measureText(string, width: contentWidth, style: style)
        try need(h)
        try text(string, x: left, y: y, width: contentWidth, style: style)
        y += h + after
    }

    func fill(_ rect: ChartRect, color: UInt32, radius: Double = 0) throws(ChartsError) {
        guard drawing else { return }
        if radius > 0 { try canvas.fill(rect, color: color, radius: radius) } else { try canvas.fill(rect, color: color) }
    }

    func rule(_ x0: Double, _ x1: Double, at y: Double, color: UInt32 = Ink.rule, width: Double = 0.6) throws(ChartsError) {
        guard drawing else { return }
        try canvas.line(from: (x0, y), to: (x1, y), width: width, color: color)
    }

    /// Records a section starting on the current page and adds its bookmark (level 0 or 1).
    func section(_ title: String, level: Int) throws(ChartsError) {
        sections.append((title, level, page))
        guard drawing else { return }
        try canvas.addDestination(Self.destination(sections.count - 1), y: max(0, y - 12))
        if level == 0 {
            topOutline = try canvas.addOutline(title, page: page, open: true, bold: true)
        } else {
            try canvas.addOutline(title, page: page, parent: topOutline)
        }
    }

    /// The link destination of the section at `index` (in ``sections`` order).
    static func destination(_ index: Int) -> String { "section-\(index + 1)" }

    /// A section heading: large title with a short accent rule.
    func heading(_ title: String, note: String? = nil) throws(ChartsError) {
        try text(title, x: left, y: y, width: contentWidth, style: TextStyle(size: 19, bold: true, color: Ink.text))
        y += 27
        try fill(ChartRect(x: left, y: y, width: 36, height: 2.5), color: Ink.accent)
        y += 12
        if let note {
            try paragraph(note, style: TextStyle(size: 9.5, color: Ink.muted), after: 12)
        }
    }

    private func drawChrome(cover: Bool) throws(ChartsError) {
        let small = TextStyle(size: 8, color: Ink.muted, maxLines: 1)
        if !cover {
            let half = contentWidth / 2
            try canvas.drawText(headerLeft, x: left, y: 30, width: half, style: TextStyle(size: 8, bold: true, color: Ink.accentDark, maxLines: 1))
            try canvas.drawText(headerRight, x: left + half, y: 30, width: half, style: TextStyle(size: 8, color: Ink.muted, alignment: .right, maxLines: 1))
            try canvas.line(from: (left, 44), to: (right, 44), width: 0.6, color: Ink.rule)
        }
        let footerY = height - 38
        try canvas.line(from: (left, footerY - 6), to: (right, footerY - 6), width: 0.6, color: Ink.rule)
        try canvas.drawText(footerLeft, x: left, y: footerY, width: contentWidth * 0.7, style: small)
        try canvas.drawText("Page \(page) of \(totalPages)", x: left + contentWidth * 0.7, y: footerY, width: contentWidth * 0.3,
                            style: TextStyle(size: 8, color: Ink.muted, alignment: .right, maxLines: 1))
    }
}
