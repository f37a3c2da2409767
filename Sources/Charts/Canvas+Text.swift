internal import CCairo

/// How a block of document text is set: size in points, weight, colour, alignment inside its
/// width, and how many lines it may take before it is ellipsised (0 = as many as it needs).
public struct TextStyle: Sendable, Hashable {
    public var size: Double
    public var bold: Bool
    public var color: UInt32
    public var alignment: Canvas.Alignment
    public var maxLines: Int

    public init(size: Double = 10, bold: Bool = false, color: UInt32 = 0x1F2328, alignment: Canvas.Alignment = .left, maxLines: Int = 0) {
        self.size = size
        self.bold = bold
        self.color = color
        self.alignment = alignment
        self.maxLines = maxLines
    }
}

extension Canvas {
    /// The height `text` takes when set in `width` points with `style` (wrapped at word, or
    /// character, boundaries; ellipsised after `style.maxLines`). Draws nothing.
    public func measureText(_ text: String, width: Double, style: TextStyle) throws(ChartsError) -> Double {
        try textEngine().layout(text, width: width, style: style).height
    }

    /// The natural one-line width of `text` in `style`.
    public func textWidth(_ text: String, style: TextStyle) throws(ChartsError) -> Double {
        try textEngine().layout(text, width: nil, style: style).width
    }

    /// Sets `text` with its top-left corner at (`x`, `y`) in a column `width` points wide;
    /// returns the height it took. Text stays real text in the PDF (selectable, searchable).
    @discardableResult
    public func drawText(_ text: String, x: Double, y: Double, width: Double, style: TextStyle) throws(ChartsError) -> Double {
        let engine = try textEngine()
        let size = engine.layout(text, width: width, style: style)
        engine.show(at: x, y: y, color: style.color)
        return size.height
    }

    func textEngine() throws(ChartsError) -> DocumentText {
        if let documentText { return documentText }
        let engine = DocumentText(context: try liveContext())
        documentText = engine
        return engine
    }
}

/// One Pango context and one layout reused for every string of a document: laying out
/// thousands of table cells without allocating a layout each.
final class DocumentText {
    private let cairo: CairoContext
    private let pango: PangoContextOwner
    private let layout: PangoLayoutOwner
    private var fonts: [FontSpec: FontDescriptionOwner] = [:]
    private var current: (font: FontSpec, width: Int32, lines: Int, alignment: Canvas.Alignment)?

    init(context: CairoContext) {
        cairo = context
        pango = PangoContextOwner(cairo: context)
        layout = PangoLayoutOwner(context: pango)
        pango_layout_set_wrap(layout.pointer, PANGO_WRAP_WORD_CHAR)
    }

    /// Lays `text` out in the shared layout; returns its logical size in points.
    func layout(_ text: String, width: Double?, style: TextStyle) -> (width: Double, height: Double) {
        let scale = Double(espice_pango_scale())
        let spec = FontSpec(size: style.size, bold: style.bold)
        let pangoWidth = width.map { Int32(max(1, $0) * scale) } ?? -1
        if current == nil || current!.font != spec || current!.width != pangoWidth || current!.lines != style.maxLines
            || current!.alignment != style.alignment
        {
            pango_layout_set_font_description(layout.pointer, font(spec).pointer)
            pango_layout_set_width(layout.pointer, pangoWidth)
            if style.maxLines > 0 && width != nil {
                pango_layout_set_height(layout.pointer, Int32(-style.maxLines))
                pango_layout_set_ellipsize(layout.pointer, PANGO_ELLIPSIZE_END)
            } else {
                pango_layout_set_height(layout.pointer, -1)
                pango_layout_set_ellipsize(layout.pointer, PANGO_ELLIPSIZE_NONE)
            }
            let alignment: PangoAlignment = switch style.alignment {
            case .left: PANGO_ALIGN_LEFT
            case .center: PANGO_ALIGN_CENTER
            case .right: PANGO_ALIGN_RIGHT
            }
            pango_layout_set_alignment(layout.pointer, alignment)
            current = (spec, pangoWidth, style.maxLines, style.alignment)
        }
        pango_layout_set_text(layout.pointer, text, -1)
        var logical = PangoRectangle()
        pango_layout_get_extents(layout.pointer, nil, &logical)
        return (Double(logical.width) / scale, Double(logical.height) / scale)
    }

    /// Draws the text last laid out with its top-left corner at (x, y).
    func show(at x: Double, y: Double, color: UInt32) {
        let rgb = RGB(hex: color)
        cairo_set_source_rgb(cairo.pointer, rgb.r, rgb.g, rgb.b)
        cairo_move_to(cairo.pointer, x, y)
        pango_cairo_show_layout(cairo.pointer, layout.pointer)
    }

    private func font(_ spec: FontSpec) -> FontDescriptionOwner {
        if let f = fonts[spec] { return f }
        let f = FontDescriptionOwner(families: Theme.fontFamilies, size: spec.size, bold: spec.bold)
        fonts[spec] = f
        return f
    }
}
