internal import Charts
internal import Exports
internal import Foundation
internal import Model
internal import Reports

extension DocumentBuilder {
    /// Every chart as vectors, full content width, with a numbered caption; two to a page when
    /// they fit.
    func chartsSection(_ c: Composer, _ charts: [ChartDescription]) throws(ChartsError) {
        try c.newPage()
        try c.section("Charts", level: 0)
        try c.heading("Charts", note: "Drawn from the same figures as the tables that follow; times in \(calendar.identifier).")
        let renderer = ChartRenderer()
        for (index, chart) in charts.enumerated() {
            let layoutWidth = min(chart.width, 680)
            let scale = c.contentWidth / layoutWidth
            let height = chart.height * scale
            let caption = "Figure \(index + 1). \(chart.title). \(ReportCharts.caption(for: chart, timeZone: calendar.identifier))"
            let captionStyle = TextStyle(size: 8.5, color: Ink.muted)
            let captionHeight = try c.canvas.measureText(caption, width: c.contentWidth, style: captionStyle)
            try c.need(height + captionHeight + 30)
            try c.section(chart.title, level: 1)
            let frame = ChartRect(x: c.left, y: c.y, width: c.contentWidth, height: height)
            if c.drawing {
                try renderer.draw(chart, into: c.canvas, frame: frame, layoutWidth: layoutWidth)
            }
            c.y += height + 6
            try c.rule(c.left, c.right, at: c.y)
            c.y += 5
            try c.text(caption, x: c.left, y: c.y, width: c.contentWidth, style: captionStyle)
            c.y += captionHeight + 26
        }
    }
}
