import Testing
@testable import Model

/// Fixed instants used across the model tests, worked out by hand.
enum Instants {
    /// 2026-11-28T00:00:00Z in days since 1970-01-01: 56 whole years (1970…2025) of 365 days plus
    /// 14 leap days (1972, 1976, …, 2024), then 304 days for January…October 2026 and 27 for
    /// November 1…27: 56 × 365 + 14 + 304 + 27 = 20_785.
    static let daysTo20261128: Int64 = 56 * 365 + 14 + (31 + 28 + 31 + 30 + 31 + 30 + 31 + 31 + 30 + 31) + 27
    /// 2026-11-28T09:15:00Z in epoch milliseconds: 9 h 15 min = 33 300 s after midnight.
    static let example: Int64 = daysTo20261128 * 86_400_000 + (9 * 3600 + 15 * 60) * 1000
}

/// Decodes one tracked-event JSON document received at `receivedAt`.
func decode(_ json: String, receivedAt: Int64 = Instants.example) throws(EventValidationError) -> TrackedEvent {
    try EventDecoder().decode(json, receivedAt: receivedAt)
}

/// The validation error a document raises, or nil when it is accepted.
func rejection(_ json: String, receivedAt: Int64 = Instants.example) -> EventValidationError? {
    do {
        _ = try decode(json, receivedAt: receivedAt)
        return nil
    } catch {
        return error
    }
}

/// `count` copies of `text`, as a JSON string literal's content.
func repeated(_ text: String, _ count: Int) -> String {
    String(repeating: text, count: count)
}
