import Foundation

/// A rectangle in chart units (CSS px / PDF pt), y growing downwards.
public struct ChartRect: Sendable, Equatable, Codable {
    public var x: Double
    public var y: Double
    public var width: Double
    public var height: Double

    public init(x: Double, y: Double, width: Double, height: Double) {
        self.x = x
        self.y = y
        self.width = width
        self.height = height
    }

    public var maxX: Double { x + width }
    public var maxY: Double { y + height }
    public var midX: Double { x + width / 2 }
    public var midY: Double { y + height / 2 }

    /// The rectangle shrunk by the given margins.
    func inset(top: Double = 0, left: Double = 0, bottom: Double = 0, right: Double = 0) -> ChartRect {
        ChartRect(x: x + left, y: y + top, width: max(0, width - left - right), height: max(0, height - top - bottom))
    }
}

/// The box a drawn label occupies: its centre, unrotated size and rotation (radians,
/// clockwise positive as on screen). Exposed so tests can prove that labels never overlap.
public struct LabelBox: Sendable, Equatable {
    public var text: String
    public var centerX: Double
    public var centerY: Double
    public var width: Double
    public var height: Double
    public var angle: Double

    public init(text: String, centerX: Double, centerY: Double, width: Double, height: Double, angle: Double) {
        self.text = text
        self.centerX = centerX
        self.centerY = centerY
        self.width = width
        self.height = height
        self.angle = angle
    }

    /// The four corners, in drawing order.
    public var corners: [(x: Double, y: Double)] {
        let c = cos(angle), s = sin(angle)
        return [(-1.0, -1.0), (1, -1), (1, 1), (-1, 1)].map { sx, sy in
            let dx = sx * width / 2, dy = sy * height / 2
            return (centerX + dx * c - dy * s, centerY + dx * s + dy * c)
        }
    }

    /// True when the two (possibly rotated) boxes share interior area (separating-axis test);
    /// boxes that merely touch do not overlap.
    public func overlaps(_ other: LabelBox) -> Bool {
        let a = corners, b = other.corners
        for poly in [a, b] {
            for i in 0..<2 {
                let ex = poly[i + 1].x - poly[i].x, ey = poly[i + 1].y - poly[i].y
                let nx = -ey, ny = ex
                let pa = a.map { $0.x * nx + $0.y * ny }, pb = b.map { $0.x * nx + $0.y * ny }
                let eps = 1e-6 * max(1, abs(nx) + abs(ny))
                if pa.max()! <= pb.min()! + eps || pb.max()! <= pa.min()! + eps { return false }
            }
        }
        return true
    }
}

/// A colour with components 0…1.
struct RGB: Equatable, Hashable {
    var r: Double
    var g: Double
    var b: Double

    init(r: Double, g: Double, b: Double) {
        self.r = r
        self.g = g
        self.b = b
    }

    /// From `0xRRGGBB`.
    init(hex: UInt32) {
        r = Double((hex >> 16) & 0xFF) / 255
        g = Double((hex >> 8) & 0xFF) / 255
        b = Double(hex & 0xFF) / 255
    }

    /// Linear blend towards `other` by `t` (0 = self).
    func mixed(with other: RGB, _ t: Double) -> RGB {
        RGB(r: r + (other.r - r) * t, g: g + (other.g - g) * t, b: b + (other.b - b) * t)
    }

    /// Relative luminance, to choose black or white text on a fill.
    var luminance: Double { 0.2126 * r + 0.7152 * g + 0.0722 * b }
}

