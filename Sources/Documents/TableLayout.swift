internal import Charts
internal import Exports
internal import Foundation
internal import Model
internal import Reports

/// How one report table is set on the page: type size, column widths and alignment, and the
/// height of every row (measured once; 8 bytes a row, so a 5,000-row table stays small).
struct TableLayout {
    struct Column {
        var header: String
        var x: Double
        var width: Double
        var numeric: Bool
    }

    /// Cell padding left and right; tables too wide at the smallest type give some of it up.
    static let fullPadX = 4.0
    static let minimumPadX = 1.5
    static let padY = 3.0
    static let maxLines = 3
    static let sizes: [Double] = [8.5, 8, 7.5, 7, 6.5, 6, 5.5]

    var fontSize: Double
    var padX = Self.fullPadX
    var columns: [Column]
    var headerHeight: Double
    var rowHeights: [Double]

    var bodyStyle: TextStyle { TextStyle(size: fontSize, color: Ink.text, maxLines: Self.maxLines) }
    var headerStyle: TextStyle { TextStyle(size: fontSize, bold: true, color: Ink.accentDark, maxLines: 2) }

    /// Lays `table` out across `width` points starting at `x`.
    init(_ table: ReportTable, x: Double, width: Double, canvas: Canvas) throws(ChartsError) {
        let count = table.columns.count
        // A column is numeric when every non-null cell in it is a number.
        var numeric = [Bool](repeating: true, count: count)
        var anyValue = [Bool](repeating: false, count: count)
        // The few widest-looking strings of each column, by a cheap estimate.
        var candidates = [[(estimate: Double, text: String)]](repeating: [], count: count)
        for row in table.rows {
            for (i, cell) in row.enumerated() where i < count {
                let (text, isNumber) = DocumentFormat.cell(cell)
                if case .null = cell {} else {
                    anyValue[i] = true
                    if !isNumber { numeric[i] = false }
                }
                let estimate = Self.estimate(text)
                if candidates[i].count < 4 {
                    candidates[i].append((estimate, text))
                    candidates[i].sort { $0.estimate > $1.estimate }
                } else if estimate > candidates[i][3].estimate {
                    candidates[i][3] = (estimate, text)
                    candidates[i].sort { $0.estimate > $1.estimate }
                }
            }
        }
        for i in 0..<count where !anyValue[i] { numeric[i] = false }
        let headers = table.columns.map(DocumentFormat.header)

        var chosen = Self.sizes.last!
        var natural = [Double](repeating: 0, count: count), minimum = [Double](repeating: 0, count: count)
        for size in Self.sizes {
            let body = TextStyle(size: size), bold = TextStyle(size: size, bold: true)
            for i in 0..<count {
                var widest = 0.0
                for candidate in candidates[i] { widest = max(widest, try canvas.textWidth(candidate.text, style: body)) }
                // Headers may wrap onto two lines, but never inside a word.
                var headerWord = 0.0
                for word in headers[i].split(separator: " ") { headerWord = max(headerWord, try canvas.textWidth(String(word), style: bold)) }
                let header = try canvas.textWidth(headers[i], style: bold)
                // 1.5 pt of slack: Pango widths are whole Pango units, and a box exactly as wide as
                // its text may wrap it.
                natural[i] = max(widest, header) + 2 * Self.fullPadX + 1.5
                minimum[i] = numeric[i] ? max(widest, headerWord) + 2 * Self.fullPadX + 1.5 : min(natural[i], max(42, headerWord + 2 * Self.fullPadX + 1.5))
            }
            chosen = size
            if minimum.reduce(0, +) <= width { break }
        }
        // Still too wide at the smallest type (the 25 columns of peak_usage): narrower padding.
        var padX = Self.fullPadX
        let excess = minimum.reduce(0, +) - width
        if excess > 0 {
            padX = max(Self.minimumPadX, Self.fullPadX - excess / Double(2 * count))
            let saved = 2 * (Self.fullPadX - padX)
            for i in 0..<count {
                minimum[i] -= saved
                natural[i] -= saved
            }
        }
        // Numbers get room for their whole header on one line when the text columns can spare it.
        let roomy = (0..<count).map { numeric[$0] ? max(minimum[$0], natural[$0]) : minimum[$0] }
        if roomy.reduce(0, +) <= width { minimum = roomy }

        // Numbers keep their natural width; text columns share the rest, never below their minimum.
        var widths = [Double](repeating: 0, count: count)
        let fixed = (0..<count).filter { numeric[$0] }.reduce(0.0) { $0 + minimum[$1] }
        let textColumns = (0..<count).filter { !numeric[$0] }
        for i in 0..<count where numeric[i] { widths[i] = minimum[i] }
        let remaining = max(0, width - fixed)
        let naturalText = textColumns.reduce(0.0) { $0 + natural[$1] }
        if textColumns.isEmpty {
            let extra = max(0, width - fixed) / Double(max(1, count))
            for i in 0..<count { widths[i] += extra }
        } else if naturalText <= remaining {
            let extra = (remaining - naturalText) / Double(textColumns.count)
            for i in textColumns { widths[i] = natural[i] + extra }
        } else {
            let minText = textColumns.reduce(0.0) { $0 + minimum[$1] }
            let slack = max(0, remaining - minText), want = max(1e-9, naturalText - minText)
            for i in textColumns { widths[i] = minimum[i] + slack * (natural[i] - minimum[i]) / want }
        }
        var columns: [Column] = []
        var cx = x
        for i in 0..<count {
            columns.append(Column(header: headers[i], x: cx, width: widths[i], numeric: numeric[i]))
            cx += widths[i]
        }
        fontSize = chosen
        self.padX = padX
        self.columns = columns

        let headerStyle = TextStyle(size: chosen, bold: true, maxLines: 2)
        var headerHeight = 0.0
        for column in columns {
            headerHeight = max(headerHeight, try canvas.measureText(column.header, width: column.width - 2 * padX, style: headerStyle))
        }
        self.headerHeight = headerHeight + 2 * Self.padY + 1

        // Row heights: one line unless a text cell might not fit on one.
        let body = TextStyle(size: chosen, maxLines: Self.maxLines)
        let line = try canvas.measureText("Ag", width: 1000, style: body)
        var heights: [Double] = []
        heights.reserveCapacity(table.rows.count)
        for row in table.rows {
            var h = line
            for (i, cell) in row.enumerated() where i < count {
                let text = DocumentFormat.cell(cell).text
                let inner = columns[i].width - 2 * padX
                if Self.estimate(text) * chosen * 1.1 <= inner { continue }
                h = max(h, try canvas.measureText(text, width: inner, style: body))
            }
            heights.append(h + 2 * Self.padY)
        }
        rowHeights = heights
    }

    /// A generous width estimate in ems: lower-case letters and digits 0.66 em, capitals 0.8,
    /// wide letters and anything outside ASCII 1 em.
    static func estimate(_ text: String) -> Double {
        var ems = 0.0
        for scalar in text.unicodeScalars {
            if scalar.isASCII {
                switch scalar {
                case "M", "W", "m", "w", "@", "%": ems += 1.0
                case "A"..."Z": ems += 0.8
                default: ems += 0.66
                }
            } else {
                ems += 1.0
            }
        }
        return ems
    }
}
