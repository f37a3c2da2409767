/// A report list kept in a compact form that reads, compares, hashes and codes as the plain
/// array of its elements (``UserDayList``, ``UserSummaryList``).
public protocol ArrayCodedList: RandomAccessCollection, Hashable, Codable where Element: Hashable & Codable, Index == Int {
    init(_ elements: some Sequence<Element>)
}

extension ArrayCodedList {
    public static func == (lhs: Self, rhs: Self) -> Bool { lhs.elementsEqual(rhs) }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(count)
        for element in self { hasher.combine(element) }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.unkeyedContainer()
        for element in self { try container.encode(element) }
    }

    public init(from decoder: any Decoder) throws {
        var container = try decoder.unkeyedContainer()
        var elements: [Element] = []
        while !container.isAtEnd { elements.append(try container.decode(Element.self)) }
        self.init(elements)
    }
}
