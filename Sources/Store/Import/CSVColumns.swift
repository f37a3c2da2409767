internal import Foundation

/// Where each import column sits in a CSV file's header.
struct CSVColumns {
    enum Column: String, CaseIterable {
        case eventType = "event_type", timestamp, serviceName = "service_name", userId = "user_id"
        case eventData = "event_data"
    }

    private var positions: [Column: Int] = [:]

    /// Reads the header; an unknown or repeated column, or none named event_type, is refused.
    init(header: [String], file: String) throws(ImportError) {
        for (index, name) in header.enumerated() {
            let key = name.trimmingCharacters(in: .whitespaces).lowercased()
            guard let column = Column(rawValue: key) else {
                throw .badHeader(
                    file: file,
                    reason: "unknown column \"\(name)\" (expected event_type,timestamp,service_name,user_id,event_data)")
            }
            guard positions[column] == nil else {
                throw .badHeader(file: file, reason: "column \"\(key)\" appears twice")
            }
            positions[column] = index
        }
        guard positions[.eventType] != nil else {
            throw .badHeader(file: file, reason: "the header has no event_type column")
        }
    }

    func value(_ column: Column, in fields: [String]) -> String {
        positions[column].map { fields[$0] } ?? ""
    }
}
