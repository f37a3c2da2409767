/// Why a chart could not be rendered or written; `description` is a sentence for the user.
public enum ChartsError: Error, CustomStringConvertible, Equatable {
    /// Cairo refused an operation (`operation`, cairo's own status text).
    case cairo(operation: String, status: String)
    /// The PNG encoder failed.
    case pngEncoding(String)
    /// The chart description cannot be drawn (e.g. zero size).
    case invalidChart(name: String, reason: String)
    /// The output file could not be written.
    case write(path: String, reason: String)
    /// A canvas was used after `finish()`.
    case canvasFinished

    public var description: String {
        switch self {
        case .cairo(let operation, let status): "chart rendering failed in \(operation): \(status)"
        case .pngEncoding(let reason): "could not encode the PNG image: \(reason)"
        case .invalidChart(let name, let reason): "chart \(name) cannot be drawn: \(reason)"
        case .write(let path, let reason): "\(path): could not write the chart: \(reason)"
        case .canvasFinished: "the drawing canvas was already finished"
        }
    }
}
