import Foundation

/// Cairo names SVG groups after a process-wide surface counter (`id="surface765"`), so the same
/// chart would give different bytes depending on what was rendered before. This renumbers every
/// `surfaceN` in order of first appearance, making the output depend on the chart alone.
enum SVGIdentifiers {
    static func canonicalize(_ svg: Data) -> Data {
        let key = Array("surface".utf8)
        var out = [UInt8]()
        out.reserveCapacity(svg.count)
        var numbers: [ArraySlice<UInt8>: Int] = [:]
        svg.withUnsafeBytes { (raw: UnsafeRawBufferPointer) in
            let bytes = raw.bindMemory(to: UInt8.self)
            var i = 0
            let n = bytes.count
            while i < n {
                if bytes[i] == key[0], i + key.count < n, Array(bytes[i..<(i + key.count)]) == key {
                    var j = i + key.count
                    while j < n, bytes[j] >= 48, bytes[j] <= 57 { j += 1 }
                    if j > i + key.count {
                        let digits = ArraySlice(bytes[(i + key.count)..<j])
                        let number = numbers[digits] ?? (numbers.count + 1)
                        numbers[digits] = number
                        out.append(contentsOf: key)
                        out.append(contentsOf: Array(String(number).utf8))
                        i = j
                        continue
                    }
                }
                out.append(bytes[i])
                i += 1
            }
        }
        return Data(out)
    }
}
