internal import Charts
internal import Exports
internal import Foundation
internal import Model
internal import Reports

extension DocumentBuilder {
    /// Every table (its first ``PDFOptions/maxTableRows`` rows, then a note of how many more
    /// there are): header row repeated on each page, no row split across pages,
    /// numbers right-aligned, long text wrapped (three lines at most, then ellipsised).
    func tablesSection(_ c: Composer, _ content: Content) throws(ChartsError) {
        try c.newPage()
        try c.section("Tables", level: 0)
        let extent = content.omittedRows.contains { $0 > 0 }
            ? "Every table of the report, as in the CSV and XLSX downloads, up to \(DocumentFormat.integer(Int64(options.maxTableRows ?? 0))) rows each."
            : "Every table of the report in full, as in the CSV and XLSX downloads."
        try c.heading("Tables", note: "\(extent) Instants are UTC; “—” is no value.")
        for (index, (table, layout)) in zip(content.tables, content.layouts).enumerated() {
            try self.table(table, layout: layout, in: c)
            if content.omittedRows[index] > 0 {
                c.y += 4
                try c.paragraph("\(DocumentFormat.integer(Int64(content.omittedRows[index]))) more rows are left out of this document; the CSV and XLSX downloads hold all of them.",
                                style: TextStyle(size: 8.5, color: Ink.muted))
            }
            c.y += 20
        }
    }

    private func table(_ table: ReportTable, layout: TableLayout, in c: Composer) throws(ChartsError) {
        let title = DocumentFormat.title(table.name)
        let titleHeight = 22.0
        let first = layout.rowHeights.first ?? 16
        // Keep the title with the header and the first row.
        try c.need(titleHeight + layout.headerHeight + first)
        try c.section(title, level: 1)
        try tableTitle(title, rows: table.rows.count, continued: false, in: c)
        // (row counts in titles are those printed; a note after the table tells what was left out)
        if table.rows.isEmpty {
            try c.paragraph("No rows in this period.", style: TextStyle(size: 9.5, color: Ink.muted))
            return
        }
        try header(layout, in: c)
        let body = layout.bodyStyle
        for (index, row) in table.rows.enumerated() {
            let h = layout.rowHeights[index]
            if c.y + h > c.bottom {
                try c.newPage()
                try tableTitle(title, rows: table.rows.count, continued: true, in: c)
                try header(layout, in: c)
            }
            if c.drawing {
                if index % 2 == 1 {
                    try c.fill(ChartRect(x: c.left, y: c.y, width: c.contentWidth, height: h), color: Ink.zebra)
                }
                for (i, column) in layout.columns.enumerated() where i < row.count {
                    let text = DocumentFormat.cell(row[i]).text
                    var style = body
                    if column.numeric { style.alignment = .right }
                    if case .null = row[i] { style.color = Ink.faint }
                    try c.canvas.drawText(text, x: column.x + layout.padX, y: c.y + TableLayout.padY,
                                          width: column.width - 2 * layout.padX, style: style)
                }
            }
            c.y += h
        }
        try c.rule(c.left, c.right, at: c.y, color: Ink.faint)
    }

    private func tableTitle(_ title: String, rows: Int, continued: Bool, in c: Composer) throws(ChartsError) {
        try c.text(continued ? "\(title) (continued)" : title, x: c.left, y: c.y, width: c.contentWidth * 0.7,
                   style: TextStyle(size: 12, bold: true, color: Ink.text, maxLines: 1))
        try c.text("\(DocumentFormat.integer(Int64(rows))) \(rows == 1 ? "row" : "rows")", x: c.left + c.contentWidth * 0.7, y: c.y + 2,
                   width: c.contentWidth * 0.3, style: TextStyle(size: 8.5, color: Ink.muted, alignment: .right, maxLines: 1))
        c.y += 22
    }

    private func header(_ layout: TableLayout, in c: Composer) throws(ChartsError) {
        try c.fill(ChartRect(x: c.left, y: c.y, width: c.contentWidth, height: layout.headerHeight), color: Ink.headerFill)
        for column in layout.columns {
            var style = layout.headerStyle
            if column.numeric { style.alignment = .right }
            try c.text(column.header, x: column.x + layout.padX, y: c.y + TableLayout.padY + 0.5,
                       width: column.width - 2 * layout.padX, style: style)
        }
        c.y += layout.headerHeight
        try c.rule(c.left, c.right, at: c.y, color: Ink.faint, width: 0.8)
    }
}
