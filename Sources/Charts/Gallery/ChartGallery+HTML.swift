public import Foundation
import Model

extension ChartGallery {
    /// Renders every gallery chart (and its phone-width variant) as SVG, PNG and PDF into
    /// `directory` and writes `index.html` showing them side by side with alt text and tables.
    /// One palette is built from every series name, as a site build does. Charts render in parallel over `workers` threads. Returns the number of files written.
    @discardableResult
    public static func write(to directory: URL, workers: Int = 2) throws -> Int {
        let charts = Self.charts()
        let renderer = ChartRenderer(palette: SeriesPalette(collecting: charts))
        let all = charts + charts.map(narrow)
        let fm = FileManager.default
        try fm.createDirectory(at: directory, withIntermediateDirectories: true)
        let failures = ErrorBox()
        DispatchQueue.concurrentPerform(iterations: max(1, workers)) { worker in
            for i in Swift.stride(from: worker, to: all.count, by: max(1, workers)) {
                do { try renderer.writeAll(all[i], to: directory) } catch { failures.record(error) }
            }
        }
        if let error = failures.first { throw error }
        try page(charts).write(to: directory.appendingPathComponent("index.html"), atomically: true, encoding: .utf8)
        return all.count * ChartFormat.allCases.count + 1
    }

    static func page(_ charts: [ChartDescription]) -> String {
        var html = """
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>ESpice Analytics — chart gallery</title>
            <style>
            body{font-family:system-ui,"DejaVu Sans",sans-serif;margin:0 auto;max-width:1720px;padding:16px;color:#1f2328;background:#f6f8fa}
            section{background:#fff;border:1px solid #e6e9ed;border-radius:8px;padding:16px;margin:0 0 20px}
            .row{display:flex;flex-wrap:wrap;gap:16px;align-items:flex-start}
            figure{margin:0}figcaption{font-size:12px;color:#59636e;margin-top:4px}
            img{max-width:100%;height:auto;border:1px solid #eef1f4}
            table{border-collapse:collapse;font-size:12px;margin-top:8px}td,th{border:1px solid #e6e9ed;padding:2px 6px;text-align:right}
            th:first-child,td:first-child{text-align:left}
            </style></head><body>
            <h1>Chart gallery</h1>
            <p>Every chart type on demo data, as PNG (2×) and SVG, with the PDF linked, and a 360 px phone-width rendering.
            Regenerate with <code>make gallery</code>.</p>

            """
        for chart in charts {
            let n = HTMLText.escape(chart.name), narrowName = HTMLText.escape(narrow(chart).name)
            html += """
                <section id="\(n)"><h2>\(HTMLText.escape(chart.title)) <small>(\(n), \(chart.content.kind))</small></h2>
                <div class="row">
                <figure><img src="\(n).png" width="\(Int(chart.width))" alt="\(HTMLText.escape(chart.altText))"><figcaption>PNG 2× ·
                <a href="\(n).pdf">PDF</a> · <a href="\(n).svg">SVG</a></figcaption></figure>
                <figure><img src="\(n).svg" width="\(Int(chart.width))" alt=""><figcaption>SVG</figcaption></figure>
                <figure><img src="\(narrowName).png" width="\(Int(narrow(chart).width))" alt=""><figcaption>phone width ·
                <a href="\(narrowName).pdf">PDF</a></figcaption></figure>
                </div>
                <p><strong>Alt text:</strong> \(HTMLText.escape(chart.altText))</p>
                \(table(chart.dataTable))
                </section>

                """
        }
        return html + "</body></html>\n"
    }

    static func table(_ t: ChartDataTable) -> String {
        let rows = t.rows.prefix(40)
        var out = "<details><summary>Data table (\(t.rows.count) rows)</summary><table><caption>\(HTMLText.escape(t.caption))</caption><tr>"
        out += t.columns.map { "<th>\(HTMLText.escape($0))</th>" }.joined() + "</tr>"
        for row in rows { out += "<tr>" + row.map { "<td>\(HTMLText.escape($0))</td>" }.joined() + "</tr>" }
        if t.rows.count > rows.count { out += "<tr><td colspan=\"\(t.columns.count)\">… \(t.rows.count - rows.count) more</td></tr>" }
        return out + "</table></details>"
    }
}

/// The first error of a parallel loop.
private final class ErrorBox: @unchecked Sendable {
    private let lock = NSLock()
    private var errors: [any Error] = []

    func record(_ error: any Error) { lock.withLock { errors.append(error) } }
    var first: (any Error)? { lock.withLock { errors.first } }
}
