internal import CCairo
internal import Foundation
public import Model

extension Canvas {
    /// Fills a rectangle with rounded corners.
    public func fill(_ rect: ChartRect, color: UInt32, radius: Double) throws(ChartsError) {
        let cr = try liveContext().pointer
        guard rect.width > 0, rect.height > 0 else { return }
        let r = min(radius, rect.width / 2, rect.height / 2)
        cairo_new_sub_path(cr)
        cairo_arc(cr, rect.x + rect.width - r, rect.y + r, r, -.pi / 2, 0)
        cairo_arc(cr, rect.x + rect.width - r, rect.y + rect.height - r, r, 0, .pi / 2)
        cairo_arc(cr, rect.x + r, rect.y + rect.height - r, r, .pi / 2, .pi)
        cairo_arc(cr, rect.x + r, rect.y + r, r, .pi, 3 * .pi / 2)
        cairo_close_path(cr)
        let rgb = RGB(hex: color)
        cairo_set_source_rgb(cr, rgb.r, rgb.g, rgb.b)
        cairo_fill(cr)
    }

    /// Draws a PNG file scaled to fit inside `box` (keeping its proportions, aligned to the
    /// box's left and vertical centre); returns the rectangle it covers. The image is embedded
    /// losslessly.
    @discardableResult
    public func drawPNG(at path: String, fitting box: ChartRect) throws(ChartsError) -> ChartRect {
        let cr = try liveContext().pointer
        guard FileManager.default.isReadableFile(atPath: path), let image = cairo_image_surface_create_from_png(path) else {
            throw ChartsError.cairo(operation: "reading the image \(path)", status: "file not readable")
        }
        defer { cairo_surface_destroy(image) }
        try CairoStatus.check(cairo_surface_status(image), "reading the PNG image \(path)")
        let width = Double(cairo_image_surface_get_width(image)), height = Double(cairo_image_surface_get_height(image))
        guard width > 0, height > 0 else { throw ChartsError.cairo(operation: "reading the image \(path)", status: "empty image") }
        let scale = min(box.width / width, box.height / height)
        let drawn = ChartRect(x: box.x, y: box.y + (box.height - height * scale) / 2, width: width * scale, height: height * scale)
        cairo_save(cr)
        cairo_translate(cr, drawn.x, drawn.y)
        cairo_scale(cr, scale, scale)
        cairo_set_source_surface(cr, image, 0, 0)
        cairo_pattern_set_filter(cairo_get_source(cr), CAIRO_FILTER_GOOD)
        cairo_paint(cr)
        cairo_restore(cr)
        try CairoStatus.check(cairo_status(cr), "drawing the image \(path)")
        return drawn
    }
}

extension ChartRenderer {
    /// Draws the chart as vectors into `canvas`, laid out at `layoutWidth` chart units wide
    /// (height in proportion to the chart's own) and scaled to fit `frame.width` — how a
    /// printed page gets charts with readable, proportionate type.
    public func draw(_ chart: ChartDescription, into canvas: Canvas, frame: ChartRect, layoutWidth: Double) throws(ChartsError) {
        let context = try canvas.liveContext()
        let scale = frame.width / layoutWidth
        let layout = ChartRect(x: 0, y: 0, width: layoutWidth, height: frame.height / scale)
        var sized = chart
        sized.width = layout.width
        sized.height = layout.height
        cairo_save(context.pointer)
        cairo_translate(context.pointer, frame.x, frame.y)
        cairo_scale(context.pointer, scale, scale)
        defer { cairo_restore(context.pointer) }
        try draw(sized, into: canvas, frame: layout)
    }
}
