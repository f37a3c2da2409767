internal import Foundation

/// Which inputs produced each set of downloads in the published site, so a build whose inputs
/// for a report did not change links the published files instead of rendering them again (the
/// JSON, CSV, XLSX and PDF of a 90-day report take seconds; a link takes microseconds).
///
/// Kept in the site as `.espice-manifest.json`, so it is swapped in together with the files it
/// describes. An entry's inputs are spelled out in full (no hash): the document's metadata
/// without its generation time, the rollup watermark and event roles, titles, the tolerance, and
/// the identity of the executable — a new version renders everything again.
struct ExportManifest {
    static let fileName = ".espice-manifest.json"

    /// Inputs of the published downloads, by `directory + baseName`.
    private(set) var published: [String: String] = [:]
    /// Inputs of this build's downloads.
    private(set) var current: [String: String] = [:]
    /// The segments of the published segmented `.gz` copies (``SegmentedGzip``), by their path,
    /// and of this build's.
    private(set) var publishedGzip: [String: GzipIndex] = [:]
    private(set) var currentGzip: [String: GzipIndex] = [:]

    init() {}

    /// Reads the manifest of the published site (an unreadable one just means no reuse).
    init(output: URL) {
        let url = output.appendingPathComponent(Self.fileName)
        guard let data = try? Data(contentsOf: url),
            let decoded = try? JSONDecoder().decode(Contents.self, from: data), decoded.version == 1
        else { return }
        published = decoded.downloads
        publishedGzip = decoded.gzip ?? [:]
    }

    /// Whether the published downloads at `path` came from exactly these inputs.
    func isPublished(_ path: String, inputs: String) -> Bool { published[path] == inputs }

    mutating func record(_ path: String, inputs: String) { current[path] = inputs }

    /// Records the segments of this build's copy at `path` (nil: not a segmented copy).
    mutating func recordGzip(_ path: String, _ index: GzipIndex?) { currentGzip[path] = index }

    /// What the next build can reuse of the published copy of the file at `path` (relative to
    /// the site), published at `output`; nil when that copy is not segmented.
    func previousGzip(_ path: String, output: URL) -> SegmentedGzip.Previous? {
        guard let index = publishedGzip[path + ".gz"] else { return nil }
        return SegmentedGzip.Previous(
            file: output.appendingPathComponent(path).path, gzip: output.appendingPathComponent(path + ".gz").path, index: index)
    }

    func data() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        return try encoder.encode(Contents(version: 1, downloads: current, gzip: currentGzip.isEmpty ? nil : currentGzip))
    }

    private struct Contents: Codable {
        var version: Int
        var downloads: [String: String]
        /// Added after version 1 first shipped: absent in older manifests, ignored by older builds.
        var gzip: [String: GzipIndex]?
    }

    /// Size and modification time of the running executable.
    static let executableIdentity: String = {
        guard let path = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"),
            let attributes = try? FileManager.default.attributesOfItem(atPath: path)
        else { return "unknown-\(UUID())" }
        let size = attributes[.size] as? Int ?? 0
        let modified = (attributes[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0
        return "\(size)-\(modified)"
    }()
}
