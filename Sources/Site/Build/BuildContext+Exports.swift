internal import Documents
internal import Exports
internal import Foundation
internal import Logging
internal import Model
internal import Reports
internal import Store

/// The downloads of one report: where they go and what to call them.
struct DownloadJob: Sendable {
    var document: ReportDocument
    /// Relative to the site root, ending in `/`.
    var directory: String
    var baseName: String
    var title: String

    static let extensions = ["json", "csv", "xlsx", "pdf"]
    var paths: [String] { Self.extensions.map { directory + baseName + "." + $0 } }
}

extension BuildContext {
    /// JSON, CSV, XLSX and PDF of every report × range, beside its page.
    mutating func writeExports() throws {
        // The big tables first (user_activity), so the small ones fill in behind them.
        let keys = documents.keys.sorted { lhs, rhs in
            (lhs.type == .userActivity ? 0 : 1, lhs.type.rawValue, lhs.range) < (rhs.type == .userActivity ? 0 : 1, rhs.type.rawValue, rhs.range)
        }
        try writeDownloads(keys.map {
            DownloadJob(document: documents[$0]!, directory: $0.directory, baseName: $0.baseName, title: "\($0.type.title) · \($0.range)")
        })
    }

    /// The four downloads of one report into `directory` (relative to the site root).
    mutating func writeDownloads(_ document: ReportDocument, directory: String, baseName: String, title: String) throws {
        try writeDownloads([DownloadJob(document: document, directory: directory, baseName: baseName, title: title)])
    }

    /// Links the published downloads whose inputs did not change, renders the others in
    /// parallel across `maxWorkers`.
    mutating func writeDownloads(_ jobs: [DownloadJob]) throws {
        var render: [DownloadJob] = []
        for job in jobs {
            let inputs = downloadInputs(job)
            if let inputs { exportManifest.record(job.directory + job.baseName, inputs: inputs) }
            if let inputs, exportManifest.isPublished(job.directory + job.baseName, inputs: inputs), linkPublished(job.paths) {
                files += job.paths
                files += try linkPrecompressed(job.paths)
                continue
            }
            render.append(job)
        }
        let staging = self.staging
        let siteTitle = options.siteTitle
        let asOf = options.asOf
        let minimumBytes = options.precompressMinimumBytes
        let pending = render
        for job in pending {
            do {
                try FileManager.default.createDirectory(at: staging.appendingPathComponent(job.directory), withIntermediateDirectories: true)
            } catch {
                throw SiteError(step: "exports", path: staging.appendingPathComponent(job.directory).path, message: "\(error)")
            }
        }
        // One task per file (and its gzip copy), the longest first: a 90-day user_activity
        // report's four files written one after the other took half of a build at 200,000 users
        // on one core while the other was idle (issue 16).
        let tasks = DownloadTask.ordered(pending)
        let sizes = options.gzipSegmenting
        let previous = tasks.map { exportManifest.previousGzip(pending[$0.job].paths[$0.format], output: URL(fileURLWithPath: options.outputPath)) }
        let logger = self.logger
        let recycler = self.recycler
        let results = ParallelWork.map(tasks.count, workers: options.cpuWorkers) { (index) throws(SiteError) -> ([String], GzipIndex?) in
            let task = tasks[index]
            let started = Date()
            let path = try Self.renderDownload(
                pending[task.job], format: task.format, staging: staging, recycler: recycler, siteTitle: siteTitle, asOf: asOf)
            let rendered = Date()
            let gzip = try Precompression.compress(
                staging.appendingPathComponent(path).path, minimumBytes: minimumBytes, sizes: sizes, previous: previous[index],
                inPlace: recycler.take(path + ".gz"))
            logger.debug("download written", metadata: [
                "path": "\(path)", "seconds": "\(rendered.timeIntervalSince(started))", "gzip_seconds": "\(Date().timeIntervalSince(rendered))",
            ])
            if let made = gzip.index {
                logger.debug("gzip copy in segments", metadata: [
                    "path": "\(path).gz", "bytes": "\(made.rawSize)", "reused": "\(gzip.reusedBytes)", "segments": "\(made.segments.count)",
                ])
            }
            return (gzip.written ? [path, path + ".gz"] : [path], gzip.index)
        }
        // Listed by report, then format, whatever order they were written in.
        var written = Array(repeating: [[String]](repeating: [], count: DownloadJob.extensions.count), count: pending.count)
        for (task, result) in zip(tasks, results) {
            let (paths, index) = try result.get()
            written[task.job][task.format] = paths
            if paths.count > 1 { exportManifest.recordGzip(paths[1], index) }
        }
        for job in written {
            files += job.map { $0[0] }
            files += job.compactMap { $0.count > 1 ? $0[1] : nil }
        }
    }

    /// The `.gz` copies of reused downloads: linked from the published site like the files
    /// themselves, or made when the published site has none (a site from before, a lower
    /// threshold). Returns their relative paths.
    mutating func linkPrecompressed(_ paths: [String]) throws -> [String] {
        var out: [String] = []
        for path in paths {
            let published = URL(fileURLWithPath: options.outputPath).appendingPathComponent(path + ".gz").path
            let target = staging.appendingPathComponent(path + ".gz").path
            unlink(target)
            let big = (Precompression.fileSize(staging.appendingPathComponent(path).path) ?? 0) > options.precompressMinimumBytes
            if big, link(published, target) == 0 {
                out.append(path + ".gz")
                exportManifest.recordGzip(path + ".gz", exportManifest.publishedGzip[path + ".gz"])
                continue
            }
            let gzip = try Precompression.compress(
                staging.appendingPathComponent(path).path, minimumBytes: options.precompressMinimumBytes, sizes: options.gzipSegmenting)
            if gzip.written {
                out.append(path + ".gz")
                exportManifest.recordGzip(path + ".gz", gzip.index)
            }
        }
        return out
    }

    /// Everything the downloads of `job` depend on, spelled out; nil when not known.
    func downloadInputs(_ job: DownloadJob) -> String? {
        guard let refresh else { return nil }
        var metadata = job.document.metadata
        metadata.generatedAt = ""
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        guard let described = try? encoder.encode(metadata) else { return nil }
        let roles = options.roles
        return String(decoding: described, as: UTF8.self)
            + "|watermark=\(refresh.watermark)|title=\(job.title)|site=\(options.siteTitle)|tolerance=\(options.tolerancePct)"
            + "|roles=\(roles.processed)/\(roles.error)/\(roles.modelGenerated)|executable=\(ExportManifest.executableIdentity)"
    }

    /// Hard-links the published files into staging (same bytes, same mtime); false when one is missing.
    func linkPublished(_ paths: [String]) -> Bool {
        let output = URL(fileURLWithPath: options.outputPath)
        for path in paths {
            let target = staging.appendingPathComponent(path)
            try? FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
            unlink(target.path)
            guard link(output.appendingPathComponent(path).path, target.path) == 0 else {
                for done in paths { unlink(staging.appendingPathComponent(done).path) }
                return false
            }
        }
        return true
    }

    /// Renders one file of a report (`format` indexes ``DownloadJob/extensions``) into its
    /// directory, which exists; returns its relative path. The file of the site before the last
    /// at that path, if `recycler` takes it back, is written over in place.
    static func renderDownload(
        _ job: DownloadJob, format: Int, staging: URL, recycler: Recycler, siteTitle: String, asOf: Int64
    ) throws(SiteError) -> String {
        let document = job.document
        let path = job.paths[format]
        let url = staging.appendingPathComponent(path)
        do {
            let taken = recycler.take(path)  // else unlinked: a new file
            switch DownloadJob.extensions[format] {
            case "json":
                // Compact: the 90-day user_activity list of a busy year runs to 6M rows, 667 MB
                // pretty-printed, ~40 % less without the indentation (docs/site.md).
                try InPlaceFile.write(url.path) { sink in try document.writeJSON(pretty: false, sink) }
            case "csv":
                try InPlaceFile.write(url.path) { sink in
                    try CSVWriter.write(document.tables, into: { piece in try piece.withUnsafeBytes { try sink($0) } })
                }
            case "xlsx":
                try XLSXWriter.write(document.tables, to: url.path, title: job.title, createdAt: asOf / 1000, inPlace: taken)
            default:
                // At most 5,000 rows a table (~110 pages): a 90-day user_activity table would
                // otherwise run to thousands of pages; the CSV/XLSX beside it hold every row.
                try Self.writeFile(try ReportPDF.render(document, options: PDFOptions(siteTitle: siteTitle)), to: url)
            }
        } catch let error as SiteError {
            throw error
        } catch {
            throw SiteError(step: "exports", path: url.path, message: "\(error)")
        }
        return path
    }

    /// The static mirror of the read API (SPEC §6): summary, processing metrics per range,
    /// business metrics over all time.
    mutating func writeAPIMirror() throws {
        for name in rangeNames {
            guard case .processingPerformance(let report)? = documents[ReportKey(type: .processingPerformance, range: name)]?.data else { continue }
            try write(try Self.encode(report), to: "api/analytics/metrics/processing/\(name).json")
        }
        try writeBusinessMirror()
        let range = rangeNames.contains("7d") ? "7d" : rangeNames.first ?? "7d"
        let built = ReportType.allCases.compactMap { documents[ReportKey(type: $0, range: range)]?.data }
        let summary = built.count == ReportType.allCases.count
            ? try APISummary.make(range: range, generatedAt: generatedAt) { type in built[ReportType.allCases.firstIndex(of: type)!] }
            : try APISummary.make(engine: engine, asOf: options.asOf, range: range, generatedAt: generatedAt)
        try write(try Self.encode(summary), to: "api/analytics/summary.json")
    }

    /// `metrics/business.json`: business intelligence over all time. Unless the build computed
    /// it, that is a window over every day of data — linked from the published site when
    /// nothing it depends on changed.
    mutating func writeBusinessMirror() throws {
        let path = "api/analytics/metrics/business.json"
        let inputs = refresh.map {
            "business_intelligence|all|as_of=\(options.asOf)|zone=\(options.timeZone)|watermark=\($0.watermark)"
                + "|roles=\(options.roles.processed)/\(options.roles.error)/\(options.roles.modelGenerated)"
                + "|executable=\(ExportManifest.executableIdentity)"
        }
        if let inputs {
            exportManifest.record(path, inputs: inputs)
            if exportManifest.isPublished(path, inputs: inputs), linkPublished([path]) {
                files.append(path)
                return
            }
        }
        let business = try documents[ReportKey(type: .businessIntelligence, range: "all")]
            ?? engine.generate(ReportRequest(type: .businessIntelligence, range: .all, asOf: options.asOf), generatedAt: generatedAt)
        if case .businessIntelligence(let report) = business.data {
            try write(try Self.encode(report), to: path)
        }
    }

    static func encode(_ value: some Encodable) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        return try encoder.encode(value)
    }
}
