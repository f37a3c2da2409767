extension JSONScanner {
    /// Powers of ten that a Double holds exactly.
    private static let exactPowersOfTen: [Double] = (0...22).map { exponent in
        var value = 1.0
        for _ in 0..<exponent { value *= 10 }
        return value
    }

    /// The value of a JSON number without an exponent and with at most 15 significant digits,
    /// computed without making a String (most numbers in events: `1500`, `2.5`). Both the digits
    /// as an integer and the power of ten are exact Doubles, so the one division is correctly
    /// rounded (Clinger's fast path). nil for anything else; the caller falls back to Double(_:).
    static func exactDouble(_ text: UnsafeBufferPointer<UInt8>) -> Double? {
        var index = 0
        var negative = false
        if index < text.count, text[index] == UInt8(ascii: "-") {
            negative = true
            index += 1
        }
        var mantissa: Int64 = 0
        var digits = 0
        var fractionDigits = 0
        var inFraction = false
        while index < text.count {
            let byte = text[index]
            if isDigit(byte) {
                mantissa = mantissa * 10 + Int64(byte &- UInt8(ascii: "0"))
                if mantissa != 0 { digits += 1 }
                if inFraction { fractionDigits += 1 }
                guard digits <= 15, fractionDigits <= 22 else { return nil }
            } else if byte == UInt8(ascii: "."), !inFraction {
                inFraction = true
            } else {
                return nil  // an exponent: the slow path
            }
            index += 1
        }
        let value = Double(mantissa) / exactPowersOfTen[fractionDigits]
        return negative ? -value : value
    }
}
