internal import CCairo
public import Foundation
public import Model

/// Renders ``ChartDescription``s with Cairo and Pango.
///
/// The renderer is a value with no shared mutable state: every call creates and owns its own
/// surface, context and Pango context, so one renderer can be used from many threads at once
/// (a site build renders charts in parallel across `MAX_WORKERS`).
///
/// ```swift
/// let renderer = ChartRenderer(palette: SeriesPalette(names: allServiceNames))
/// try renderer.write(chart, as: .svg, to: dir.appending(path: "processing_timeline.svg"))
/// ```
public struct ChartRenderer: Sendable {
    /// Series name → colour, shared by every chart of a build.
    public var palette: SeriesPalette
    /// Device pixels per chart unit in PNG output.
    public var pngScale: Double

    /// Creates a renderer; pass one palette built from every series name of the build.
    public init(palette: SeriesPalette = .standard, pngScale: Double = 2) {
        self.palette = palette
        self.pngScale = pngScale
    }

    /// The chart encoded in `format`.
    public func render(_ chart: ChartDescription, as format: ChartFormat) throws(ChartsError) -> Data {
        try validate(chart)
        switch format {
        case .svg:
            let surface = try CairoSurface.svg(width: chart.width, height: chart.height)
            try drawAndFinish(chart, surface: surface, scale: 1)
            return SVGIdentifiers.canonicalize(try surface.streamBytes())
        case .pdf:
            let surface = try CairoSurface.pdf(width: chart.width, height: chart.height, metadata: PDFMetadata(title: chart.title))
            try drawAndFinish(chart, surface: surface, scale: 1)
            return try surface.streamBytes()
        case .png:
            let surface = try CairoSurface.image(
                width: Int((chart.width * pngScale).rounded()), height: Int((chart.height * pngScale).rounded()))
            try drawAndFinish(chart, surface: surface, scale: pngScale, finish: false)
            return try surface.pngBytes()
        }
    }

    /// Renders and writes the chart to `url` (atomically).
    public func write(_ chart: ChartDescription, as format: ChartFormat, to url: URL) throws(ChartsError) {
        let data = try render(chart, as: format)
        do {
            try data.write(to: url, options: .atomic)
        } catch {
            throw ChartsError.write(path: url.path, reason: (error as NSError).localizedDescription)
        }
    }

    /// Writes `<name>.svg`, `.png` and `.pdf` into `directory`; returns the files written.
    @discardableResult
    public func writeAll(_ chart: ChartDescription, to directory: URL, formats: [ChartFormat] = ChartFormat.allCases)
        throws(ChartsError) -> [URL]
    {
        var urls: [URL] = []
        for format in formats {
            let url = directory.appendingPathComponent("\(chart.name).\(format.fileExtension)")
            try write(chart, as: format, to: url)
            urls.append(url)
        }
        return urls
    }

    /// Draws the chart as vectors into `canvas` (e.g. a page of a PDF document) inside `frame`.
    public func draw(_ chart: ChartDescription, into canvas: Canvas, frame: ChartRect) throws(ChartsError) {
        try validate(chart)
        let context = try canvas.liveContext()
        cairo_save(context.pointer)
        cairo_rectangle(context.pointer, frame.x, frame.y, frame.width, frame.height)
        cairo_clip(context.pointer)
        let painter = Painter(context: context)
        drawChart(chart, in: frame, painter: painter)
        cairo_restore(context.pointer)
        try context.check("drawing chart \(chart.name)")
    }

    /// The boxes of the axis tick labels the renderer draws for `chart` (for layout tests).
    public func tickLabelBoxes(for chart: ChartDescription) throws(ChartsError) -> [LabelBox] {
        try validate(chart)
        let surface = try CairoSurface.image(width: 1, height: 1)
        let context = try CairoContext(surface: surface)
        let painter = Painter(context: context)
        drawChart(chart, in: ChartRect(x: 0, y: 0, width: chart.width, height: chart.height), painter: painter)
        try context.check("laying out chart \(chart.name)")
        return painter.tickLabels
    }

    /// The marks the renderer draws for `chart`, where it draws them (see ``ChartMark``).
    public func marks(for chart: ChartDescription) throws(ChartsError) -> [ChartMark] {
        try validate(chart)
        let surface = try CairoSurface.image(width: 1, height: 1)
        let context = try CairoContext(surface: surface)
        let painter = Painter(context: context)
        drawChart(chart, in: ChartRect(x: 0, y: 0, width: chart.width, height: chart.height), painter: painter)
        try context.check("laying out chart \(chart.name)")
        return painter.marks
    }

    private func validate(_ chart: ChartDescription) throws(ChartsError) {
        guard chart.width >= 16, chart.height >= 16, chart.width <= 10_000, chart.height <= 10_000 else {
            throw ChartsError.invalidChart(name: chart.name, reason: "size \(chart.width)×\(chart.height) is outside 16…10000")
        }
    }

    private func drawAndFinish(_ chart: ChartDescription, surface: CairoSurface, scale: Double, finish: Bool = true)
        throws(ChartsError)
    {
        let context = try CairoContext(surface: surface)
        if scale != 1 { cairo_scale(context.pointer, scale, scale) }
        let painter = Painter(context: context)
        drawChart(chart, in: ChartRect(x: 0, y: 0, width: chart.width, height: chart.height), painter: painter)
        try context.check("drawing chart \(chart.name)")
        if finish { try surface.finish() } else { cairo_surface_flush(surface.pointer) }
    }

    /// Frame, then the empty state or the type's plot.
    func drawChart(_ chart: ChartDescription, in bounds: ChartRect, painter: Painter) {
        let area = drawFrame(chart, in: bounds, painter: painter)
        if chart.content.isEmpty {
            drawNoData(in: area, painter: painter)
            return
        }
        switch chart.content {
        case .line(let c): LinePlotter(chart: c, palette: palette).draw(in: area, renderer: self, painter: painter)
        case .bar(let c): BarPlotter(chart: c, palette: palette).draw(in: area, renderer: self, painter: painter)
        case .pie(let c): PiePlotter(chart: c, palette: palette).draw(in: area, renderer: self, painter: painter)
        case .scatter(let c): ScatterPlotter(chart: c, palette: palette).draw(in: area, renderer: self, painter: painter)
        case .gauge(let c): GaugePlotter(chart: c).draw(in: area, painter: painter)
        case .heatmap(let c): HeatmapPlotter(chart: c).draw(in: area, painter: painter)
        case .sparkline(let c): SparklinePlotter(chart: c, palette: palette).draw(in: area, painter: painter)
        }
    }
}
