/// Colours and type sizes of the printed report.
enum Ink {
    static let text: UInt32 = 0x1F2328
    static let muted: UInt32 = 0x59636E
    static let faint: UInt32 = 0x8C959F
    static let accent: UInt32 = 0x0B5CAD
    static let accentDark: UInt32 = 0x0A3D73
    static let rule: UInt32 = 0xD0D7DE
    static let headerFill: UInt32 = 0xE7EDF4
    static let zebra: UInt32 = 0xF5F7FA
    static let ok: UInt32 = 0x007A5A
    static let warning: UInt32 = 0xB26B00
    static let critical: UInt32 = 0xC0392B
}
