import Foundation
@testable import Model

/// libFuzzer target `csv`: any bytes as a CSV import file, read as `espice-analytics import`
/// reads one (``LineReader`` through a pipe, ``CSVRecordReader``, the header's ``CSVColumns``,
/// then ``EventDecoder`` per record), with lines limited to 256 bytes so the overlong-line path
/// is reached too. Every record is either fields or a reason; nothing may crash.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCSV(_ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    let bytes = UnsafeBufferPointer(start: start, count: count)
    guard count <= 60_000 else { return 0 }  // stays within one pipe buffer
    var fds: [Int32] = [0, 0]
    guard pipe(&fds) == 0 else { fatalError("pipe: \(errno)") }
    if count > 0 { precondition(write(fds[1], bytes.baseAddress, count) == count) }
    close(fds[1])
    let lines = LineReader(name: "fuzz.csv", fileDescriptor: fds[0], ownsDescriptor: true, maxLineBytes: 256)
    let records = CSVRecordReader(lines)
    do {
        guard case .fields(_, let header)? = try records.next() else { return 0 }
        guard let columns = try? CSVColumns(header: header, file: "fuzz.csv") else { return 0 }
        var previousLine = 1
        while let record = try records.next() {
            switch record {
            case .invalid(let line, _):
                if line < previousLine { fatalError("line numbers go backwards: \(line) after \(previousLine)") }
                previousLine = line
            case .fields(let line, let fields):
                if line < previousLine { fatalError("line numbers go backwards: \(line) after \(previousLine)") }
                previousLine = line
                guard fields.count == header.count else { continue }
                _ = try? EventDecoder().decode(
                    eventType: columns.value(.eventType, in: fields), timestamp: columns.value(.timestamp, in: fields),
                    serviceName: columns.value(.serviceName, in: fields), userId: columns.value(.userId, in: fields),
                    eventData: columns.value(.eventData, in: fields), receivedAt: 1_795_000_000_000)
            }
        }
    } catch {
        fatalError("reading a pipe failed: \(error)")
    }
    return 0
}
