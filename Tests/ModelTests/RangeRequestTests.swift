import Testing
@testable import Model

/// The read API's range parameters (`time_range`, `from`/`to`, `as_of`), parsed from untrusted
/// text: a range, or an error naming the field.
@Suite("range requests")
struct RangeRequestTests {
    @Test("presets, explicit bounds and as_of are read")
    func reads() throws {
        #expect(try RangeRequest.parse(rangeName: "30d", asOf: nil) == RangeRequest(range: .days(30), name: "30d", asOf: nil))
        #expect(try RangeRequest.parse(rangeName: "all", asOf: "") == RangeRequest(range: .all, name: "all", asOf: nil))
        // 2026-11-01 is day 20_758 (2026-11-28, day 20_785, less 27); 2026-11-28T09:15:00Z is Instants.example.
        let explicit = try RangeRequest.parse(
            rangeName: "7d", asOf: "2026-11-28T09:15:00Z", from: "2026-11-01T00:00:00Z", to: "2026-11-28T00:00:00+01:00")
        let from: Int64 = 20_758 * 86_400_000
        let to: Int64 = 20_785 * 86_400_000 - 3_600_000
        #expect(explicit.range == .explicit(from: from, to: to))
        #expect(explicit.name == "custom")
        #expect(explicit.asOf == Instants.example)
    }

    @Test("bad values name their field", arguments: [
        ("8w", nil, nil, nil, "", "time_range"),
        ("3651d", nil, nil, nil, "parameters.", "parameters.time_range"),
        ("7d", "yesterday", nil, nil, "", "as_of"),
        ("7d", nil, "2026-11-01T00:00:00Z", nil, "", "to"),
        ("7d", nil, nil, "2026-11-01T00:00:00Z", "parameters.", "parameters.from"),
        ("7d", nil, "2026-11-28T00:00:00Z", "2026-11-01T00:00:00Z", "", "to"),
        ("7d", nil, "2026-02-30T00:00:00Z", "2026-11-01T00:00:00Z", "", "from"),
        ("9223372036854775807d", nil, nil, nil, "", "time_range"),
    ] as [(String, String?, String?, String?, String, String)])
    func refuses(range: String, asOf: String?, from: String?, to: String?, prefix: String, field: String) {
        #expect {
            try RangeRequest.parse(rangeName: range, asOf: asOf, from: from, to: to, fieldPrefix: prefix)
        } throws: { error in
            (error as? ReportRequestError)?.field == field
        }
    }
}
