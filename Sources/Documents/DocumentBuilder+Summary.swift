internal import Charts
internal import Exports
internal import Foundation
internal import Model
internal import Reports

extension DocumentBuilder {
    /// The executive summary page: KPI table (with the previous period and change, and the
    /// threshold state, where the report has them), how states are judged, recommendations.
    func summary(_ c: Composer, _ s: ExecutiveSummary) throws(ChartsError) {
        try c.newPage()
        try c.section("Executive summary", level: 0)
        try c.heading("Executive summary", note: "\(reportTitle) · \(rangeTitle) · \(periodText()) \(calendar.identifier)")

        // KPI table.
        let hasState = s.kpis.contains { $0.state != nil }
        var columns: [(title: String, width: Double, right: Bool)] = [("Metric", 0, false), ("This period", 88, true)]
        if s.comparesPeriods { columns += [("Previous period", 92, true), ("Change", 66, true)] }
        if hasState { columns.append(("State", 70, false)) }
        columns[0].width = c.contentWidth - columns.dropFirst().reduce(0) { $0 + $1.width }
        let pad = 6.0, rowHeight = 22.0
        try c.fill(ChartRect(x: c.left, y: c.y, width: c.contentWidth, height: rowHeight), color: Ink.headerFill)
        var x = c.left
        for column in columns {
            try c.text(column.title, x: x + pad, y: c.y + 5.5, width: column.width - 2 * pad,
                       style: TextStyle(size: 9, bold: true, color: Ink.accentDark, alignment: column.right ? .right : .left, maxLines: 1))
            x += column.width
        }
        c.y += rowHeight
        for (index, kpi) in s.kpis.enumerated() {
            try c.need(rowHeight)
            if index % 2 == 1 { try c.fill(ChartRect(x: c.left, y: c.y, width: c.contentWidth, height: rowHeight), color: Ink.zebra) }
            var cells: [(String, UInt32, Bool)] = [(kpi.label, Ink.text, false), (kpi.value, Ink.text, true)]
            if s.comparesPeriods { cells += [(kpi.previous, Ink.muted, true), (kpi.change, Ink.muted, true)] }
            x = c.left
            for (i, cell) in cells.enumerated() {
                try c.text(cell.0, x: x + pad, y: c.y + 5, width: columns[i].width - 2 * pad,
                           style: TextStyle(size: 10, bold: i == 1, color: cell.1, alignment: cell.2 ? .right : .left, maxLines: 1))
                x += columns[i].width
            }
            if hasState, let state = kpi.state {
                try c.fill(ChartRect(x: x + pad, y: c.y + 7, width: 8, height: 8), color: state.color, radius: 4)
                try c.text(state.label, x: x + pad + 13, y: c.y + 5, width: columns.last!.width - 2 * pad - 13,
                           style: TextStyle(size: 9.5, bold: true, color: state.color, maxLines: 1))
            }
            c.y += rowHeight
        }
        try c.rule(c.left, c.right, at: c.y)
        c.y += 8
        if let note = s.thresholdNote {
            try c.paragraph(note, style: TextStyle(size: 8.5, color: Ink.muted), after: 4)
        }
        if !s.comparesPeriods {
            try c.paragraph("This report does not compare periods; open the processing performance report for period-over-period changes.",
                            style: TextStyle(size: 8.5, color: Ink.muted), after: 4)
        }

        // Recommendations.
        c.y += 16
        try c.need(60)
        try c.text("Recommendations", x: c.left, y: c.y, width: c.contentWidth, style: TextStyle(size: 13, bold: true, color: Ink.text))
        c.y += 22
        if s.recommendations.isEmpty {
            try c.paragraph("None: this report has no thresholds or alerting figures.", style: TextStyle(size: 10, color: Ink.muted))
        }
        let bullet = 14.0
        for sentence in s.recommendations {
            let style = TextStyle(size: 10, color: Ink.text)
            let h = try c.canvas.measureText(sentence, width: c.contentWidth - bullet, style: style)
            try c.need(h)
            try c.fill(ChartRect(x: c.left + 2, y: c.y + 5, width: 5, height: 5), color: Ink.accent, radius: 2.5)
            try c.text(sentence, x: c.left + bullet, y: c.y, width: c.contentWidth - bullet, style: style)
            c.y += h + 7
        }
    }
}
