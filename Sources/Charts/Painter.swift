internal import CCairo
import Foundation

/// Drawing primitives over one cairo context, in chart units. Text goes through Pango; every
/// string is laid out once (``text(_:font:maxWidth:)``), measured, then drawn.
/// Tick labels drawn with `record: true` are kept in ``tickLabels`` for the overlap tests.
final class Painter {
    let cairo: CairoContext
    let pango: PangoContextOwner
    private var fonts: [FontSpec: FontDescriptionOwner] = [:]
    private(set) var tickLabels: [LabelBox] = []
    /// The marks the plotters drew, for the pages' hover and focus regions (``ChartMark``).
    private(set) var marks: [ChartMark] = []
    private var cr: OpaquePointer { cairo.pointer }

    init(context: CairoContext) {
        cairo = context
        pango = PangoContextOwner(cairo: context)
        cairo_set_line_join(context.pointer, CAIRO_LINE_JOIN_ROUND)
        cairo_set_line_cap(context.pointer, CAIRO_LINE_CAP_BUTT)
    }

    /// Records a mark (draws nothing).
    func mark(_ shape: ChartMark.Shape, label: String, values: [(series: String?, value: String)]) {
        marks.append(ChartMark(shape: shape, label: label, values: values))
    }

    // MARK: shapes

    func setColor(_ c: RGB, alpha: Double = 1) {
        if alpha >= 1 { cairo_set_source_rgb(cr, c.r, c.g, c.b) } else { cairo_set_source_rgba(cr, c.r, c.g, c.b, alpha) }
    }

    func fill(_ rect: ChartRect, _ color: RGB, alpha: Double = 1) {
        guard rect.width > 0, rect.height > 0 else { return }
        setColor(color, alpha: alpha)
        cairo_rectangle(cr, rect.x, rect.y, rect.width, rect.height)
        cairo_fill(cr)
    }

    func line(_ x0: Double, _ y0: Double, _ x1: Double, _ y1: Double, color: RGB, width: Double = 1, dash: [Double] = []) {
        setColor(color)
        cairo_set_line_width(cr, width)
        setDash(dash)
        cairo_move_to(cr, x0, y0)
        cairo_line_to(cr, x1, y1)
        cairo_stroke(cr)
        if !dash.isEmpty { setDash([]) }
    }

    /// A polyline; `nil` points break it into runs.
    func polyline(_ points: [(Double, Double)?], color: RGB, width: Double, dash: [Double] = [], alpha: Double = 1) {
        setColor(color, alpha: alpha)
        cairo_set_line_width(cr, width)
        setDash(dash)
        var open = false
        for point in points {
            guard let (x, y) = point else { open = false; continue }
            if open { cairo_line_to(cr, x, y) } else { cairo_move_to(cr, x, y); open = true }
        }
        cairo_stroke(cr)
        if !dash.isEmpty { setDash([]) }
    }

    /// Fills the area under a run of points down to `baseline`.
    func area(_ points: [(Double, Double)], baseline: Double, color: RGB, alpha: Double) {
        guard let first = points.first, let last = points.last else { return }
        setColor(color, alpha: alpha)
        cairo_move_to(cr, first.0, baseline)
        for (x, y) in points { cairo_line_to(cr, x, y) }
        cairo_line_to(cr, last.0, baseline)
        cairo_close_path(cr)
        cairo_fill(cr)
    }

    func circle(_ cx: Double, _ cy: Double, radius: Double, color: RGB, alpha: Double = 1, stroke: RGB? = nil) {
        cairo_new_sub_path(cr)
        cairo_arc(cr, cx, cy, radius, 0, 2 * .pi)
        setColor(color, alpha: alpha)
        if let stroke {
            cairo_fill_preserve(cr)
            setColor(stroke)
            cairo_set_line_width(cr, 1.5)
            cairo_stroke(cr)
        } else {
            cairo_fill(cr)
        }
    }

    /// A ring segment (or pie slice when `inner` is 0) from `start` to `end` radians (0 = east,
    /// clockwise), optionally outlined in white to separate neighbours.
    func sector(_ cx: Double, _ cy: Double, inner: Double, outer: Double, start: Double, end: Double,
                color: RGB, separator: Double = 0) {
        cairo_new_path(cr)
        cairo_arc(cr, cx, cy, outer, start, end)
        if inner > 0 { cairo_arc_negative(cr, cx, cy, inner, end, start) } else { cairo_line_to(cr, cx, cy) }
        cairo_close_path(cr)
        setColor(color)
        if separator > 0 {
            cairo_fill_preserve(cr)
            setColor(Theme.background)
            cairo_set_line_width(cr, separator)
            cairo_stroke(cr)
        } else {
            cairo_fill(cr)
        }
    }

    /// A closed polygon.
    func polygon(_ points: [(Double, Double)], color: RGB) {
        guard let first = points.first else { return }
        cairo_move_to(cr, first.0, first.1)
        for (x, y) in points.dropFirst() { cairo_line_to(cr, x, y) }
        cairo_close_path(cr)
        setColor(color)
        cairo_fill(cr)
    }

    /// Restricts drawing to `rect` while `body` runs.
    func clipped(to rect: ChartRect, _ body: () -> Void) {
        cairo_save(cr)
        cairo_rectangle(cr, rect.x, rect.y, rect.width, rect.height)
        cairo_clip(cr)
        body()
        cairo_restore(cr)
    }

    private func setDash(_ dash: [Double]) {
        dash.withUnsafeBufferPointer { cairo_set_dash(cr, $0.baseAddress, Int32($0.count), 0) }
    }

    // MARK: text

    /// Lays out one line of text; when `maxWidth` is given it is ellipsised to fit.
    func text(_ string: String, font: FontSpec, maxWidth: Double? = nil) -> TextBlock {
        let layout = PangoLayoutOwner(context: pango)
        pango_layout_set_font_description(layout.pointer, fontDescription(font).pointer)
        pango_layout_set_single_paragraph_mode(layout.pointer, 1)
        if let maxWidth {
            pango_layout_set_width(layout.pointer, Int32(max(1, maxWidth) * Double(espice_pango_scale())))
            pango_layout_set_ellipsize(layout.pointer, PANGO_ELLIPSIZE_END)
        }
        pango_layout_set_text(layout.pointer, string, -1)
        var ink = PangoRectangle(), logical = PangoRectangle()
        pango_layout_get_extents(layout.pointer, &ink, &logical)
        let scale = Double(espice_pango_scale())
        return TextBlock(
            layout: layout, text: string, width: Double(logical.width) / scale, height: Double(logical.height) / scale,
            isEllipsized: pango_layout_is_ellipsized(layout.pointer) != 0)
    }

    /// Draws `block` so that the point (`ax`·width, `ay`·height) of the text box lands on (x, y),
    /// rotated by `angle` radians about that point. Returns the box it covers.
    @discardableResult
    func draw(_ block: TextBlock, x: Double, y: Double, ax: Double = 0, ay: Double = 0, color: RGB = Theme.text,
              angle: Double = 0, record: Bool = false) -> LabelBox {
        setColor(color)
        if angle == 0 {
            cairo_move_to(cr, x - ax * block.width, y - ay * block.height)
            pango_cairo_show_layout(cr, block.layout.pointer)
        } else {
            cairo_save(cr)
            cairo_translate(cr, x, y)
            cairo_rotate(cr, angle)
            cairo_move_to(cr, -ax * block.width, -ay * block.height)
            pango_cairo_show_layout(cr, block.layout.pointer)
            cairo_restore(cr)
        }
        let dx = (0.5 - ax) * block.width, dy = (0.5 - ay) * block.height
        let box = LabelBox(
            text: block.text, centerX: x + dx * cos(angle) - dy * sin(angle), centerY: y + dx * sin(angle) + dy * cos(angle),
            width: block.width, height: block.height, angle: angle)
        if record { tickLabels.append(box) }
        return box
    }

    private func fontDescription(_ spec: FontSpec) -> FontDescriptionOwner {
        if let f = fonts[spec] { return f }
        let f = FontDescriptionOwner(families: Theme.fontFamilies, size: spec.size, bold: spec.bold)
        fonts[spec] = f
        return f
    }
}

/// One laid-out string and its logical size in chart units.
struct TextBlock {
    let layout: PangoLayoutOwner
    let text: String
    let width: Double
    let height: Double
    let isEllipsized: Bool
}
