import Foundation

/// Chooses how category labels along an axis are shown so that none overlap: horizontal when
/// they fit, else rotated 45° (ellipsised to `maxDepth`), thinned to every k-th when still too
/// dense. The plan is pure geometry; the plotter draws what it says.
struct CategoryLabelPlan {
    /// Indices of the categories whose label is drawn.
    var shown: [Int]
    /// Rotation in radians (0 or −π/4).
    var angle: Double
    /// The longest a label may be before it is ellipsised.
    var maxLabelWidth: Double
    /// The depth (vertical extent) the labels need below the axis.
    var depth: Double

    static let gap = 6.0
    static let diagonal = -Double.pi / 4

    /// For an x axis: `widths` are the labels' natural widths, `band` the distance between
    /// category centres, `height` one line's height.
    static func horizontalAxis(widths: [Double], band: Double, height: Double, maxDepth: Double) -> CategoryLabelPlan {
        let n = widths.count
        guard n > 0 else { return CategoryLabelPlan(shown: [], angle: 0, maxLabelWidth: 0, depth: 0) }
        let widest = widths.max() ?? 0
        if widest + gap <= band {
            return CategoryLabelPlan(shown: Array(0..<n), angle: 0, maxLabelWidth: band - gap, depth: height)
        }
        // 45°: neighbours are band·sin45 apart across the text direction.
        let s = sin(Double.pi / 4)
        let stride = max(1, Int(((height + gap) / (band * s)).rounded(.up)))
        let maxWidth = max(height * 2, min(widest, (maxDepth - height * s) / s))
        let used = min(widest, maxWidth)
        return CategoryLabelPlan(
            shown: Self.thinned(n, stride: stride), angle: diagonal, maxLabelWidth: maxWidth, depth: used * s + height * s)
    }

    /// For a y axis (horizontal bars, heatmap rows): rows `band` apart, labels at most `maxWidth`.
    static func verticalAxis(count n: Int, band: Double, height: Double, maxWidth: Double) -> CategoryLabelPlan {
        let stride = max(1, Int(((height + 2) / max(band, 0.001)).rounded(.up)))
        return CategoryLabelPlan(shown: Self.thinned(n, stride: stride), angle: 0, maxLabelWidth: maxWidth, depth: 0)
    }

    /// Every `stride`-th index starting at 0.
    static func thinned(_ n: Int, stride: Int) -> [Int] {
        Array(Swift.stride(from: 0, to: n, by: stride))
    }
}

/// Keeps a label only if its box overlaps none already kept: the last line of defence against
/// overlaps that rounding or clamping at the edges could cause.
struct LabelCollisionGuard {
    private var kept: [LabelBox] = []

    /// True (and remembers the box) when `box` overlaps no kept box, padded by `padding`.
    mutating func admit(_ box: LabelBox, padding: Double = 1) -> Bool {
        var padded = box
        padded.width += padding
        padded.height += padding
        // Only recent neighbours can collide along an axis; checking the last few keeps it linear.
        for other in kept.suffix(8) where padded.overlaps(other) { return false }
        kept.append(box)
        return true
    }
}
