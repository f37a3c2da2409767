/// The rows of a ``ReportTable``: an array, or `count` rows each made by a function when read —
/// reading, comparing and hashing the same either way. The writers read them through
/// ``forEachRow(in:_:)``, which fills one row's cells in place rather than making an array per
/// row (two of them, the CSV and the workbook, each read a year's 7.5 million user days).
public struct ReportRows: RandomAccessCollection, Sendable, Hashable, ExpressibleByArrayLiteral {
    public typealias Cell = ReportTable.Cell

    private enum Storage: Sendable {
        case stored([[Cell]])
        case made(count: Int, fill: @Sendable (Int, inout [Cell]) -> Void)
        case coded(CodedRows)
    }

    private var storage: Storage

    public init(_ rows: [[Cell]]) { storage = .stored(rows) }

    public init(arrayLiteral rows: [Cell]...) { storage = .stored(rows) }

    /// `count` rows, row `i` being `row(i)` each time it is read.
    public init(count: Int, row: @escaping @Sendable (Int) -> [Cell]) { storage = .made(count: count) { $1 = row($0) } }

    /// `count` rows, row `i` being the cells `fill(i, &cells)` appends to an empty `cells`.
    public init(count: Int, fill: @escaping @Sendable (Int, inout [Cell]) -> Void) { storage = .made(count: count, fill: fill) }

    /// Rows given as codes (``CodedRows``), which the CSV and workbook writers read as they are.
    public init(coded: CodedRows) { storage = .coded(coded) }

    /// The rows as codes, when they were given so.
    public var coded: CodedRows? {
        if case .coded(let rows) = storage { return rows }
        return nil
    }

    public var startIndex: Int { 0 }

    public var endIndex: Int {
        switch storage {
        case .stored(let rows): rows.count
        case .made(let count, _): count
        case .coded(let rows): rows.count
        }
    }

    public subscript(position: Int) -> [Cell] {
        switch storage {
        case .stored(let rows): return rows[position]
        case .made(_, let fill):
            var cells: [Cell] = []
            fill(position, &cells)
            return cells
        case .coded(let rows):
            var cells: [Cell] = []
            rows.forEachRow(in: position..<(position + 1)) { (codes) throws(Never) in rows.fill(codes, into: &cells) }
            return cells
        }
    }

    /// Calls `body` with the rows of `range` (all when nil) in order; made rows are filled into
    /// one array, emptied and reused for the next.
    public func forEachRow<E: Error>(in range: Range<Int>? = nil, _ body: ([Cell]) throws(E) -> Void) throws(E) {
        let range = range ?? startIndex..<endIndex
        switch storage {
        case .stored(let rows):
            for index in range { try body(rows[index]) }
        case .made(_, let fill):
            var cells: [Cell] = []
            cells.reserveCapacity(8)
            for index in range {
                cells.removeAll(keepingCapacity: true)
                fill(index, &cells)
                try body(cells)
            }
        case .coded(let rows):
            var cells: [Cell] = []
            cells.reserveCapacity(rows.columns.count)
            try rows.forEachRow(in: range) { (codes) throws(E) in
                cells.removeAll(keepingCapacity: true)
                rows.fill(codes, into: &cells)
                try body(cells)
            }
        }
    }

    /// Drops the last `k` rows.
    public mutating func removeLast(_ k: Int) {
        switch storage {
        case .stored(var rows):
            rows.removeLast(k)
            storage = .stored(rows)
        case .made(let count, let fill):
            precondition(k >= 0 && k <= count, "cannot remove \(k) of \(count) rows")
            storage = .made(count: count - k, fill: fill)
        case .coded(var rows):
            precondition(k >= 0 && k <= rows.count, "cannot remove \(k) of \(rows.count) rows")
            rows.count -= k
            storage = .coded(rows)
        }
    }

    public static func == (lhs: Self, rhs: Self) -> Bool { lhs.elementsEqual(rhs) }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(count)
        for row in self { hasher.combine(row) }
    }
}
