import Foundation
import Model

/// Deterministic, demo-like data for the gallery, the benchmark and the golden tests
/// (SplitMix64, fixed seed; no clock or locale involved).
struct DemoData {
    private var state: UInt64

    init(seed: UInt64 = 42) { state = seed }

    /// 2026-11-30T00:00:00Z, the gallery's "as of".
    static let asOf = Date(timeIntervalSince1970: 1_795_996_800)

    mutating func next() -> Double {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return Double((z ^ (z >> 31)) >> 11) / Double(1 << 53)
    }

    /// Daily counts per event type over `days` days ending at `end`, with a weekly rhythm.
    mutating func timeline(days: Int, end: Date, scale: Double = 1) -> [TimelineCount] {
        let types: [(String, Double)] = [("document_processed", 420), ("spice_model_generated", 160), ("processing_error", 26)]
        var rows: [TimelineCount] = []
        for d in 0..<days {
            let date = end.addingTimeInterval(Double(d - days) * 86400)
            let weekday = CivilDate(daysSinceEpoch: Int(date.timeIntervalSince1970 / 86400)).weekdayFromMonday
            let weekly = weekday >= 5 ? 0.45 : 1.0
            let trend = 1 + 0.3 * Double(d) / Double(days)
            for (name, base) in types {
                if name == "processing_error" && d % 17 == 5 { continue }  // a bucket with none: drawn as 0
                let noise = 0.8 + 0.4 * next()
                rows.append(TimelineCount(date: date, eventType: name, count: Int(base * weekly * trend * noise * scale)))
            }
        }
        return rows
    }

    /// Hourly counts over one day.
    mutating func hourly(end: Date) -> [TimelineCount] {
        (0..<24).flatMap { h -> [TimelineCount] in
            let date = end.addingTimeInterval(Double(h - 24) * 3600)
            let daytime = h >= 7 && h <= 19 ? 1.0 : 0.2
            return [
                TimelineCount(date: date, eventType: "document_processed", count: Int(40 * daytime * (0.7 + 0.6 * next()))),
                TimelineCount(date: date, eventType: "processing_error", count: Int(4 * daytime * next())),
            ]
        }
    }

    mutating func errorPatterns() -> [ErrorPatternCount] {
        let types = ["timeout", "parse_error", "invalid_netlist", "convergence_failure", "out_of_memory", "file_too_large",
                     "unsupported_device", "auth_failed"]
        let services = ["pdf-service", "spice-service", "ml-service", "web-ui"]
        var out: [ErrorPatternCount] = []
        for (i, type) in types.enumerated() {
            for (j, service) in services.enumerated() where (i + j) % 3 != 2 {
                out.append(ErrorPatternCount(errorType: type, service: service, count: Int(Double(300 / (i + 1)) * (0.3 + next()) / Double(j + 1))))
            }
        }
        return out
    }

    static let devices: [(deviceType: String, count: Int)] = [
        ("GaN-HEMT", 4210), ("SiC-MOSFET", 3120), ("Si-IGBT", 1890), ("LDMOS", 960), ("GaAs-pHEMT", 540),
        ("Si-Diode", 260), ("SiC-JFET", 120), ("Ga₂O₃-MOSFET", 64), ("Diamond-FET", 18),
    ]

    mutating func peakMatrix() -> [[Int]] {
        (0..<7).map { d in
            (0..<24).map { h in
                let work = (h >= 8 && h <= 18 ? 1.0 : h >= 6 && h <= 21 ? 0.35 : 0.06) * (d >= 5 ? 0.3 : 1)
                return Int(180 * work * (0.75 + 0.5 * next()))
            }
        }
    }

    mutating func scatter(count: Int) -> [(fileSizeMB: Double, milliseconds: Double)] {
        (0..<count).map { _ in
            let size = pow(10, -0.7 + 2.3 * next())
            return (size, 300 + 95 * size * (0.6 + 0.8 * next()) + 400 * next())
        }
    }
}
