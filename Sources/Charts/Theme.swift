/// Colours, fonts and spacing shared by every chart type.
enum Theme {
    /// Latin first, then CJK, then Symbola for emoji and symbols (outline glyphs: a PDF keeps
    /// them as text, where a colour-bitmap emoji font becomes an image no one can copy or
    /// search); Pango falls back per glyph.
    static let fontFamilies = "DejaVu Sans, Noto Sans CJK JP, Noto Sans CJK SC, Symbola, sans-serif"

    static let background = RGB(hex: 0xFFFFFF)
    static let text = RGB(hex: 0x1F2328)
    static let mutedText = RGB(hex: 0x59636E)
    static let axis = RGB(hex: 0x8C959F)
    static let grid = RGB(hex: 0xE6E9ED)
    static let track = RGB(hex: 0xEEF1F4)
    static let ok = RGB(hex: 0x009E73)
    static let warning = RGB(hex: 0xE69F00)
    static let critical = RGB(hex: 0xD55E00)
    static let other = RGB(hex: 0x9AA0A6)

    static let padding = 16.0
    static let titleSize = 15.0
    static let subtitleSize = 11.5
    static let tickSize = 11.0
    static let legendSize = 11.5
    static let valueSize = 10.5
}

/// A font: size in chart units and weight.
struct FontSpec: Hashable {
    var size: Double
    var bold: Bool

    static let title = FontSpec(size: Theme.titleSize, bold: true)
    static let subtitle = FontSpec(size: Theme.subtitleSize, bold: false)
    static let tick = FontSpec(size: Theme.tickSize, bold: false)
    static let legend = FontSpec(size: Theme.legendSize, bold: false)
    static let value = FontSpec(size: Theme.valueSize, bold: false)
    static let axisTitle = FontSpec(size: Theme.tickSize, bold: true)
}
