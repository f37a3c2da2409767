/// The rows of a ``ReportTable``: an array, or `count` rows each made by a function when read —
/// reading, comparing and hashing the same either way.
public struct ReportRows: RandomAccessCollection, Sendable, Hashable, ExpressibleByArrayLiteral {
    public typealias Cell = ReportTable.Cell

    private enum Storage: Sendable {
        case stored([[Cell]])
        case made(count: Int, row: @Sendable (Int) -> [Cell])
    }

    private var storage: Storage

    public init(_ rows: [[Cell]]) { storage = .stored(rows) }

    public init(arrayLiteral rows: [Cell]...) { storage = .stored(rows) }

    /// `count` rows, row `i` being `row(i)` each time it is read.
    public init(count: Int, row: @escaping @Sendable (Int) -> [Cell]) { storage = .made(count: count, row: row) }

    public var startIndex: Int { 0 }

    public var endIndex: Int {
        switch storage {
        case .stored(let rows): rows.count
        case .made(let count, _): count
        }
    }

    public subscript(position: Int) -> [Cell] {
        switch storage {
        case .stored(let rows): rows[position]
        case .made(_, let row): row(position)
        }
    }

    /// Drops the last `k` rows.
    public mutating func removeLast(_ k: Int) {
        switch storage {
        case .stored(var rows):
            rows.removeLast(k)
            storage = .stored(rows)
        case .made(let count, let row):
            precondition(k >= 0 && k <= count, "cannot remove \(k) of \(count) rows")
            storage = .made(count: count - k, row: row)
        }
    }

    public static func == (lhs: Self, rhs: Self) -> Bool { lhs.elementsEqual(rhs) }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(count)
        for row in self { hasher.combine(row) }
    }
}
