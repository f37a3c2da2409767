internal import Foundation
internal import Model
internal import Mustache
internal import Reports
internal import Store

extension BuildContext {
    /// Saved reports (database and `saved_reports_dir`), each published at `saved/<slug>/` with
    /// its own range and filters, laid out like a report page, with its four downloads. One that
    /// fails is named in `failures`; the rest of the site is still published.
    mutating func renderSavedReports(_ library: MustacheLibrary) throws {
        var sources: [(String, String)] = []
        for stored in (try? store.savedReports()) ?? [] { sources.append(("saved report \"\(stored.name)\"", stored.json)) }
        if let directory = options.savedReportsDirectory,
            let files = try? FileManager.default.contentsOfDirectory(atPath: directory)
        {
            for file in files.sorted() where file.hasSuffix(".json") {
                let path = directory + "/" + file
                if let text = try? String(contentsOfFile: path, encoding: .utf8) { sources.append((path, text)) }
            }
        }
        var seen = Set<String>()
        for (origin, json) in sources {
            do {
                let saved = try JSONDecoder().decode(SavedReportConfig.self, from: Data(json.utf8))
                try saved.validate()
                guard seen.insert(saved.slug).inserted else { continue }
                let document = try engine.generate(try request(for: saved), generatedAt: generatedAt)
                let directory = "saved/\(saved.slug)/"
                try writeDownloads(document, directory: directory, baseName: saved.slug, title: saved.name)
                var view = reportPage(ReportKey(type: document.type, range: document.metadata.timeRange), document, root: "../../")
                view.reportTitle = saved.name
                view.ranges = []
                view.downloads = downloadLinks(directory: directory, baseName: saved.slug)
                view.charts = []
                try write(try render(library, view, "report"), to: directory + "index.html")
                savedLinks.append(LinkView(label: saved.name, href: directory + "index.html"))
            } catch {
                failures.append("\(origin): \(error)")
            }
        }
    }

    /// The report a saved report asks for: its range (or from/to) and filters at the build's as-of.
    func request(for saved: SavedReportConfig) throws -> ReportRequest {
        let type = try ReportType.parse(saved.reportType)
        let parameters = saved.parameters
        var range = try TimeRange.parse(parameters?.timeRange ?? "7d")
        if let from = parameters?.from.flatMap(Timestamp.parse), let to = parameters?.to.flatMap(Timestamp.parse) {
            range = .explicit(from: from, to: to)
        }
        return ReportRequest(type: type, range: range, asOf: options.asOf, filters: parameters?.filters ?? ReportFilters())
    }
}

extension ReportDocument {
    /// The report type named in the metadata.
    var type: ReportType { ReportType(rawValue: metadata.reportType) ?? .processingPerformance }
}
