/// Normalises error messages so that the same failure with different ids and numbers counts
/// once: a whole word of 8 or more hex digits becomes `X`, then every run of digits `N`
/// ("Timed out after 30000 ms (job 3f2a9c1d7e)" → "Timed out after N ms (job X)").
public enum MessageNormalizer {
    public static func normalize(_ message: String) -> String {
        var out = String.UnicodeScalarView()
        let scalars = Array(message.unicodeScalars)
        var index = 0
        while index < scalars.count {
            let scalar = scalars[index]
            if isWord(scalar) {
                var end = index
                while end < scalars.count, isWord(scalars[end]) { end += 1 }
                let word = scalars[index..<end]
                if word.count >= 8, word.allSatisfy(isHex) {
                    out.append("X")
                } else {
                    appendDigitsFolded(word, to: &out)
                }
                index = end
            } else {
                out.append(scalar)
                index += 1
            }
        }
        return String(out)
    }

    private static func appendDigitsFolded(_ word: ArraySlice<Unicode.Scalar>, to out: inout String.UnicodeScalarView) {
        var inDigits = false
        for scalar in word {
            if isDigit(scalar) {
                if !inDigits { out.append("N") }
                inDigits = true
            } else {
                out.append(scalar)
                inDigits = false
            }
        }
    }

    /// A regex word character (`\w`): letters, digits and underscore, Unicode included.
    /// ASCII is answered without a Unicode property look-up (most messages are ASCII).
    static func isWord(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.isASCII {
            switch scalar {
            case "a"..."z", "A"..."Z", "0"..."9", "_": return true
            default: return false
            }
        }
        return scalar.properties.isAlphabetic || scalar.properties.numericType == .decimal
    }

    static func isDigit(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.isASCII { return ("0"..."9").contains(scalar) }
        return scalar.properties.numericType == .decimal
    }

    static func isHex(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "0"..."9", "a"..."f", "A"..."F": true
        default: false
        }
    }
}
