import Foundation
import Model
import Yams

/// Reads the environment and the config file into an ``AnalyticsConfig``. YAML and JSON are both
/// read by the YAML parser (JSON is YAML); an unknown key is an error naming it.
enum ConfigLoader {
    static func load(file: String?, environment: [String: String] = ProcessInfo.processInfo.environment) throws -> AnalyticsConfig {
        var config = try AnalyticsConfig(environment: environment)
        guard let file else { return config }
        let text: String
        do {
            text = try String(contentsOfFile: file, encoding: .utf8)
        } catch {
            throw ConfigError(source: file, message: "cannot read: \(error.localizedDescription)")
        }
        do {
            let document = try Yams.load(yaml: text)
            if document == nil { return config }  // an empty file changes nothing
            guard let mapping = document as? [String: Any] else {
                throw ConfigError(source: file, message: "expected a mapping of settings (key: value) at the top level")
            }
            try ConfigFile.checkKeys(mapping, source: file)
            let parsed = try YAMLDecoder().decode(ConfigFile.self, from: text)
            config.apply(parsed)
        } catch let error as ConfigError {
            throw error
        } catch let error as DecodingError {
            throw ConfigError(source: file, message: describe(error))
        } catch {
            throw ConfigError(source: file, message: "\(error)")
        }
        return config
    }

    /// "key.path: problem" from a DecodingError.
    static func describe(_ error: DecodingError) -> String {
        func path(_ context: DecodingError.Context) -> String {
            context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
        }
        switch error {
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context):
            return "\(path(context)): \(context.debugDescription)"
        case .keyNotFound(let key, let context):
            return "\(path(context)).\(key.stringValue): required"
        @unknown default:
            return "\(error)"
        }
    }
}
