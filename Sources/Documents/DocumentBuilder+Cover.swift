internal import Charts
internal import Exports
internal import Foundation
internal import Model
internal import Reports

extension DocumentBuilder {
    /// The cover: site title (and logo), report title and range, the period with explicit dates
    /// and zone, as-of, generation time, filters, and the contents with page numbers.
    func cover(_ c: Composer, contents: [(title: String, level: Int, page: Int)]?, content: Content) throws(ChartsError) {
        try c.newPage(cover: true)
        try c.fill(ChartRect(x: 0, y: 0, width: c.width, height: 10), color: Ink.accent)

        // Brand line.
        var brandX = c.left
        if let logo = options.logoPath, c.drawing {
            let drawn = try c.canvas.drawPNG(at: logo, fitting: ChartRect(x: c.left, y: 40, width: 180, height: 48))
            brandX = drawn.x + drawn.width + 12
        } else if options.logoPath != nil {
            brandX = c.left + 192  // same room as the drawn logo would take at most
        }
        try c.text(options.siteTitle, x: brandX, y: 54, width: c.right - brandX, style: TextStyle(size: 15, bold: true, color: Ink.accentDark, maxLines: 1))
        try c.rule(c.left, c.right, at: 100)

        // Title block.
        c.y = c.height * 0.22
        try c.text("ANALYTICS REPORT", x: c.left, y: c.y, width: c.contentWidth, style: TextStyle(size: 9, bold: true, color: Ink.accent))
        c.y += 18
        c.y += try c.text(reportTitle, x: c.left, y: c.y, width: c.contentWidth, style: TextStyle(size: 32, bold: true, color: Ink.text, maxLines: 2))
        c.y += 2
        c.y += try c.text(rangeTitle, x: c.left, y: c.y, width: c.contentWidth, style: TextStyle(size: 17, color: Ink.muted, maxLines: 1))
        c.y += 14
        try c.fill(ChartRect(x: c.left, y: c.y, width: 56, height: 3), color: Ink.accent)
        c.y += 24

        // Details.
        let meta = document.metadata
        let zone = "\(calendar.identifier) (\(DocumentFormat.offset(meta.period.end, calendar: calendar)))"
        let details: [(String, String)] = [
            ("Period", "\(periodText()) \(calendar.identifier)\nfrom \(DocumentFormat.instant(meta.period.start)) up to (not including) \(DocumentFormat.instant(meta.period.end))"),
            ("Time zone", zone),
            ("As of", "\(DocumentFormat.local(meta.asOf, calendar: calendar, seconds: true)) \(calendar.identifier)"),
            ("Generated", DocumentFormat.instant(meta.generatedAt)),
            ("Filters", options.filtersDescription ?? DocumentFormat.filters(meta.filters)),
            ("Report", "\(meta.reportType) · \(meta.timeRange)"),
        ]
        let labelWidth = 86.0
        for (label, value) in details {
            try c.text(label, x: c.left, y: c.y, width: labelWidth, style: TextStyle(size: 9.5, bold: true, color: Ink.muted))
            let h = try c.text(value, x: c.left + labelWidth, y: c.y, width: c.contentWidth - labelWidth, style: TextStyle(size: 10, color: Ink.text, maxLines: 3))
            c.y += max(h, 13) + 7
        }

        // Contents.
        c.y += 18
        try c.text("Contents", x: c.left, y: c.y, width: c.contentWidth, style: TextStyle(size: 11, bold: true, color: Ink.text))
        c.y += 19
        try c.rule(c.left, c.right, at: c.y - 3)
        let entries = tocEntries(content)
        for (index, entry) in entries.enumerated() {
            guard c.y + 16 <= c.bottom else { break }
            let page = contents.flatMap { list in index < list.count ? list[index].page : nil }
            let indent = entry.level == 0 ? 0.0 : 14.0
            let style = TextStyle(size: entry.level == 0 ? 10 : 9.5, bold: entry.level == 0, color: entry.level == 0 ? Ink.text : Ink.muted, maxLines: 1)
            try c.text(entry.title, x: c.left + indent, y: c.y, width: c.contentWidth - 60 - indent, style: style)
            try c.text(page.map(String.init) ?? "", x: c.right - 60, y: c.y, width: 60, style: TextStyle(size: style.size, bold: style.bold, color: style.color, alignment: .right, maxLines: 1))
            // The whole line opens its page.
            if page != nil, c.drawing {
                try c.canvas.link(ChartRect(x: c.left, y: c.y - 2, width: c.contentWidth, height: 16), to: Composer.destination(index))
            }
            c.y += 17
        }
    }

    /// The sections in the order the document records them (same order as ``Composer/sections``).
    func tocEntries(_ content: Content) -> [(title: String, level: Int)] {
        var entries: [(String, Int)] = [("Executive summary", 0)]
        if !content.charts.isEmpty {
            entries.append(("Charts", 0))
            for chart in content.charts { entries.append((chart.title, 1)) }
        }
        entries.append(("Tables", 0))
        for table in content.tables { entries.append((DocumentFormat.title(table.name), 1)) }
        return entries
    }
}
