/// Rows whose cells are numbers: a text column's number picks one of the column's texts, an
/// integer column's number is the cell. A 90-day user_activity list of a busy site names
/// 200,000 users on 90 dates in 7.5 million rows; as codes, the CSV and workbook writers escape
/// each text once and copy its bytes per row, rather than making, escaping and freeing a row of
/// strings per row (issue 16). Other readers see the rows as cells (``ReportRows``).
public struct CodedRows: Sendable {
    public enum Column: Sendable {
        /// Text cells: the code is an index of these texts.
        case text([String])
        /// Integer cells: the code is the value.
        case integer
    }

    public var columns: [Column]
    public var count: Int
    /// Calls its second argument with the codes of each row of the range, one per column, in
    /// order; the buffer is valid only during the call.
    let visit: @Sendable (Range<Int>, (UnsafeBufferPointer<Int64>) throws -> Void) throws -> Void

    public init(
        columns: [Column], count: Int, visit: @escaping @Sendable (Range<Int>, (UnsafeBufferPointer<Int64>) throws -> Void) throws -> Void
    ) {
        self.columns = columns
        self.count = count
        self.visit = visit
    }

    /// Calls `body` with the codes of each row of `range`.
    public func forEachRow<E: Error>(in range: Range<Int>, _ body: (UnsafeBufferPointer<Int64>) throws(E) -> Void) throws(E) {
        do {
            try withoutActuallyEscaping(body) { body in try visit(range) { try body($0) } }
        } catch let error as E {
            throw error
        } catch {
            preconditionFailure("CodedRows: a visit threw what its body did not: \(error)")
        }
    }

    /// The texts of column `column`; nil for an integer column.
    func texts(_ column: Int) -> [String]? {
        if case .text(let texts) = columns[column] { return texts }
        return nil
    }

    /// The cells of a row from its codes.
    func fill(_ codes: UnsafeBufferPointer<Int64>, into cells: inout [ReportTable.Cell]) {
        for (column, code) in zip(columns, codes) {
            switch column {
            case .text(let texts): cells.append(.text(texts[Int(code)]))
            case .integer: cells.append(.integer(code))
            }
        }
    }

    /// The texts of each text column that some row uses (nil for an integer column).
    func usedTexts() -> [[String]?] {
        var used: [[Bool]?] = columns.map {
            if case .text(let texts) = $0 { return Array(repeating: false, count: texts.count) }
            return nil
        }
        forEachRow(in: 0..<count) { (codes) throws(Never) in
            for column in used.indices where used[column] != nil { used[column]![Int(codes[column])] = true }
        }
        return zip(columns, used).map { column, flags in
            guard case .text(let texts) = column, let flags else { return nil }
            return texts.indices.filter { flags[$0] }.map { texts[$0] }
        }
    }
}

/// Each text of a coded column written once, as the bytes a writer puts for it.
struct EncodedTexts {
    private var bytes: [UInt8] = []
    private var starts: [Int] = [0]

    init(_ texts: [String], _ encode: (String, inout [UInt8]) -> Void) {
        starts.reserveCapacity(texts.count + 1)
        for text in texts {
            encode(text, &bytes)
            starts.append(bytes.count)
        }
    }

    /// Copies the bytes of text `index` to `target`; returns how many.
    func put(_ index: Int, at target: UnsafeMutablePointer<UInt8>) -> Int {
        let (start, end) = (starts[index], starts[index + 1])
        bytes.withUnsafeBufferPointer { all in target.update(from: all.baseAddress! + start, count: end - start) }
        return end - start
    }

    /// The longest text's byte count.
    var longest: Int { zip(starts, starts.dropFirst()).map { $1 - $0 }.max() ?? 0 }
}
