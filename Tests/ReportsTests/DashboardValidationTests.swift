import Foundation
import Model
import Reports
import Testing

/// Dashboard bodies a hostile client could post: positions at the ends of Int (which once
/// overflowed `x + w` in validation and `y + 1` on the page), and names that try to leave the
/// site's folder. Found while writing the `dashboard` fuzz target (Tests/Fuzz/dashboard).
@Suite("dashboard validation against hostile bodies")
struct DashboardValidationTests {
    static func dashboard(_ position: String, columns: Int = 12) throws -> DashboardConfig {
        let json = #"{"name": "D", "layout": {"columns": \#(columns)}, "widgets": [{"type": "text", "position": \#(position)}]}"#
        return try JSONDecoder().decode(DashboardConfig.self, from: Data(json.utf8))
    }

    @Test("positions beyond the grid, up to Int.max, are refused naming the field", arguments: [
        #"{"x": 9223372036854775807, "y": 0, "w": 1, "h": 1}"#,
        #"{"x": 0, "y": 0, "w": 9223372036854775807, "h": 1}"#,
        #"{"x": 11, "y": 0, "w": 2, "h": 1}"#,
        #"{"x": 0, "y": 9223372036854775807, "w": 1, "h": 1}"#,
        #"{"x": 0, "y": 0, "w": 1, "h": 9223372036854775807}"#,
        #"{"x": -9223372036854775808, "y": 0, "w": 1, "h": 1}"#,
        #"{"x": 0, "y": 10001, "w": 1, "h": 1}"#,
    ])
    func hostilePositions(position: String) throws {
        let dashboard = try Self.dashboard(position)
        #expect {
            try MetricCatalog.validate(dashboard)
        } throws: { error in
            (error as? ReportRequestError)?.field == "widgets[0].position"
        }
    }

    @Test("positions at the edges of the grid are kept", arguments: [
        #"{"x": 0, "y": 0, "w": 12, "h": 1}"#, #"{"x": 11, "y": 10000, "w": 1, "h": 10000}"#,
    ])
    func edgePositions(position: String) throws {
        try MetricCatalog.validate(try Self.dashboard(position))
    }

    @Test("a name longer than 200 characters is refused; any name's slug is a plain file name")
    func names() throws {
        var dashboard = try Self.dashboard(#"{"x": 0, "y": 0, "w": 1, "h": 1}"#)
        dashboard.name = String(repeating: "n", count: 201)
        #expect(throws: ReportRequestError.self) { try MetricCatalog.validate(dashboard) }
        for (name, slug) in [("../../etc/passwd", "etc-passwd"), ("a/b\\c", "a-b-c"), ("..", ""), ("Q3\r\nX-Evil: 1", "q3-x-evil-1")] {
            dashboard.name = name
            if slug.isEmpty {
                #expect(dashboard.slug.hasPrefix("d-"))  // no Latin letter or digit: a digest
                #expect(!dashboard.slug.contains("."))
            } else {
                #expect(dashboard.slug == slug)
            }
        }
    }
}
