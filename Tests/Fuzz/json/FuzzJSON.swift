import Foundation
@testable import Model

/// libFuzzer target `json`: the byte-level scanner (``JSONScanner``) on any bytes. It must never
/// crash or read out of bounds (AddressSanitizer), validating alone (`skipValue`) must agree with
/// reading every value (``JSONTree``), and Foundation's `JSONSerialization` must accept, refuse
/// and read the same (``JSONDifferential``). A disagreement stops the run with the document.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzJSON(_ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    let bytes = UnsafeBufferPointer(start: start, count: count)
    var scanner = JSONScanner(bytes)
    var validates = true
    do throws(JSONSyntaxError) {
        try scanner.skipValue()
        try scanner.expectEnd()
    } catch {
        validates = false
    }
    let reads = (try? JSONTree.scanned(bytes)) != nil
    if validates != reads { fatalError("skipValue says \(validates), reading every value says \(reads)") }
    if let problem = JSONDifferential.disagreement(Data(bytes)) { fatalError(problem) }
    return 0
}
