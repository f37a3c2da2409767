/// The output formats of a chart.
public enum ChartFormat: String, CaseIterable, Sendable, Codable {
    /// Scalable, for the HTML pages.
    case svg
    /// A bitmap at 2× the chart size, for e-mail and the API.
    case png
    /// A one-page vector PDF.
    case pdf

    /// The file name extension, without the dot.
    public var fileExtension: String { rawValue }

    /// The media type for HTTP answers.
    public var mediaType: String {
        switch self {
        case .svg: "image/svg+xml"
        case .png: "image/png"
        case .pdf: "application/pdf"
        }
    }
}
