import Charts
import Foundation
import Model
import Testing

@Suite("Tick labels never overlap")
struct LabelLayoutTests {
    /// 1–500 categories: every count up to 40, then a spread up to 500.
    static let counts = Array(1...40) + [45, 53, 64, 77, 90, 111, 128, 150, 199, 256, 300, 365, 420, 499, 500]

    static func categories(_ n: Int) -> [String] {
        (0..<n).map { i in
            switch i % 4 {
            case 0: "category \(i)"
            case 1: "山田太郎 \(i)"
            case 2: "a much longer category label number \(i)"
            default: "\(i)"
            }
        }
    }

    static func assertNoOverlap(_ boxes: [LabelBox], _ context: String) {
        for i in boxes.indices {
            for j in boxes.indices where j > i && boxes[i].overlaps(boxes[j]) {
                Issue.record("\(context): '\(boxes[i].text)' overlaps '\(boxes[j].text)'")
                return
            }
        }
    }

    @Test("bar charts with 1 to 500 categories, in every orientation and size", arguments: counts)
    func bars(count: Int) throws {
        for orientation in [BarOrientation.vertical, .horizontal, .automatic] {
            for (w, h) in [(800.0, 400.0), (360.0, 300.0)] {
                let chart = ChartDescription(name: "bars", title: "t", width: w, height: h, content: .bar(BarChart(
                    categories: Self.categories(count),
                    series: [BarSeries(name: "a", values: (0..<count).map { Double($0 * 37 % 101) + 1 })],
                    orientation: orientation)))
                let boxes = try ChartRenderer().tickLabelBoxes(for: chart)
                #expect(!boxes.isEmpty)
                Self.assertNoOverlap(boxes, "\(count) categories, \(orientation), \(w)×\(h)")
            }
        }
    }

    @Test("line charts over 1 to 500 buckets", arguments: [1, 2, 7, 24, 30, 90, 180, 365, 500])
    func lines(buckets: Int) throws {
        for bucket in [TimeBucket.hour, .day] {
            let points = (0..<buckets).map { DatedValue(date: Samples.start.addingTimeInterval(Double($0) * bucket.nominalSeconds), value: Double($0 % 13) * 1000) }
            for width in [1200.0, 360] {
                let chart = ChartDescription(name: "l", title: "t", width: width, height: 300,
                                             content: .line(LineChart(bucket: bucket, series: [LineSeries(name: "s", points: points)])))
                Self.assertNoOverlap(try ChartRenderer().tickLabelBoxes(for: chart), "\(buckets) \(bucket) buckets at \(width)")
            }
        }
    }

    @Test("the separating-axis check sees rotated overlaps and gaps")
    func overlapCheck() {
        let a = LabelBox(text: "a", centerX: 0, centerY: 0, width: 40, height: 10, angle: -.pi / 4)
        #expect(a.overlaps(LabelBox(text: "b", centerX: 5, centerY: 0, width: 40, height: 10, angle: -.pi / 4)))
        #expect(!a.overlaps(LabelBox(text: "c", centerX: 20, centerY: 0, width: 40, height: 10, angle: -.pi / 4)))
        #expect(!a.overlaps(LabelBox(text: "d", centerX: 100, centerY: 0, width: 40, height: 10, angle: 0)))
    }
}
