internal import CCairo
internal import Foundation

extension Canvas {
    /// Adds a bookmark to the PDF outline that opens `page` (1-based); `parent` is the id an
    /// earlier call returned, or 0 for a top-level entry. Returns the new entry's id.
    @discardableResult
    public func addOutline(_ title: String, page: Int, parent: Int = 0, open: Bool = false, bold: Bool = false) throws(ChartsError) -> Int {
        let context = try liveContext()
        var flags: UInt32 = 0
        if open { flags |= CAIRO_PDF_OUTLINE_FLAG_OPEN.rawValue }
        if bold { flags |= CAIRO_PDF_OUTLINE_FLAG_BOLD.rawValue }
        let id = cairo_pdf_surface_add_outline(
            surface.pointer, Int32(parent), title, "page=\(page)", cairo_pdf_outline_flags_t(rawValue: flags))
        try context.check("adding the bookmark \(title)")
        return Int(id)
    }

    /// Makes `rect` (in points, on the current page) a link to the destination `name` (see
    /// ``addDestination(_:y:)``), which may come later in the document: a PDF link annotation, so
    /// a contents entry can be clicked.
    public func link(_ rect: ChartRect, to name: String) throws(ChartsError) {
        let context = try liveContext()
        let attributes = String(format: "rect=[%.2f %.2f %.2f %.2f] dest='%@'", rect.x, rect.y, rect.width, rect.height, name)
        cairo_tag_begin(context.pointer, CAIRO_TAG_LINK, attributes)
        cairo_tag_end(context.pointer, CAIRO_TAG_LINK)
        try context.check("linking to \(name)")
    }

    /// Names the place `y` points down the current page as a link destination.
    public func addDestination(_ name: String, y: Double) throws(ChartsError) {
        let context = try liveContext()
        cairo_tag_begin(context.pointer, CAIRO_TAG_DEST, "name='\(name)' y=\(y)")
        cairo_tag_end(context.pointer, CAIRO_TAG_DEST)
        try context.check("naming the destination \(name)")
    }

    /// Sets the label the viewer shows for the current page (e.g. "Cover").
    public func setPageLabel(_ label: String) throws(ChartsError) {
        _ = try liveContext()
        cairo_pdf_surface_set_page_label(surface.pointer, label)
    }
}
