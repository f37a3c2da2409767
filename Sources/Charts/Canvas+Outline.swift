internal import CCairo

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

    /// Sets the label the viewer shows for the current page (e.g. "Cover").
    public func setPageLabel(_ label: String) throws(ChartsError) {
        _ = try liveContext()
        cairo_pdf_surface_set_page_label(surface.pointer, label)
    }
}
