internal import Model
internal import GRDB

/// The rollup fold of a span of events (``AnalyticsStore/refreshRollups(_:full:chunkSize:workers:usersByDayAbove:)``),
/// read straight from SQLite's rows: each text column's bytes are numbered once per distinct
/// text (``TextInterner``), each family is counted in a ``FoldTable`` keyed by integers, and
/// ``aggregates`` turns the tables into ``Aggregates`` — one `String` key per distinct key, not
/// several per event. It folds exactly what ``Aggregates/fold(_:role:slot:day:slots:users:)``
/// folds (a test compares the two on random events).
struct SlotFolder {
    private let roles: EventRoles
    private var offsets: OffsetCache
    /// Every text column's values but messages, by number.
    private var texts = TextInterner(capacity: 1_024)
    /// Raw error messages, by number, and the number in `texts` of each one's normal form: a
    /// cache of the normalizer, emptied when it holds `messageCacheLimit` messages. Raw
    /// messages often carry ids (`job 1a680faf8fd2`), so nearly each error can be one of its
    /// own: at 10M events, 195,638 distinct messages held 31 MB of the fold's peak.
    private var messages = TextInterner(capacity: 1_024)
    private var normalized: [Int] = []
    /// The role of each text, by number, once it has been an event type (-1: not yet).
    private var typeRoles: [Int8] = []
    private var bands: [Int] = []

    private var types = FoldTable(empty: TypeCount())
    private var hours = FoldTable(empty: HourCount())
    private var timings = FoldTable(empty: TimingAggregate())
    private var dimensions = FoldTable(empty: Int64(0))
    private var models = FoldTable(empty: ModelAggregate())
    private var errors = FoldTable(empty: Int64(0))
    private var messageCounts = FoldTable(empty: Int64(0))
    /// Each user's days, with `users`.
    var users = UserDayTally()
    /// Events folded.
    private(set) var count = 0

    /// Raw messages the normalizer's cache holds at most (``messages``).
    private let messageCacheLimit: Int

    init(roles: EventRoles, calendar: ZoneCalendar, messageCacheLimit: Int = 8_192) {
        self.roles = roles
        self.messageCacheLimit = messageCacheLimit
        offsets = OffsetCache(calendar)
        bands = ["<1", "1-10", "10-50", ">=50"].map { texts.number($0) }
    }

    /// Folds the events matching `whereClause` (``EventScanner/columns``), and with `users` each
    /// user's days.
    mutating func fold(_ db: Database, where whereClause: String, arguments: StatementArguments, users foldUsers: Bool) throws {
        try RawRow.each(db, "SELECT \(EventScanner.columns) FROM events WHERE \(whereClause)", arguments) { row in
            fold(row, users: foldUsers)
        }
    }

    /// The number of an optional text column's value, +1 (0: NULL).
    @inline(__always)
    private mutating func text(_ row: RawRow, _ column: Int32) -> Int {
        guard let bytes = row.bytes(column) else { return 0 }
        return texts.number(bytes) + 1
    }

    private mutating func role(of type: Int) -> EventRole {
        if type >= typeRoles.count { typeRoles.append(contentsOf: repeatElement(-1, count: type + 1 - typeRoles.count)) }
        if typeRoles[type] < 0 { typeRoles[type] = Int8(roles.role(of: texts.strings[type]).rawValue) }
        return EventRole(rawValue: Int(typeRoles[type])) ?? .other
    }

    private mutating func message(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        if messages.count >= messageCacheLimit {
            messages = TextInterner(capacity: 1_024)
            normalized.removeAll(keepingCapacity: true)
        }
        let raw = messages.number(bytes)
        if raw == normalized.count { normalized.append(texts.number(MessageNormalizer.normalize(messages.strings[raw]))) }
        return normalized[raw]
    }

    private mutating func fold(_ row: RawRow, users foldUsers: Bool) {
        count += 1
        let time = row.int64(1)
        let offset = offsets.offset(at: time)
        let calendar = offsets.calendar
        let slot = calendar.hourStart(time, offset: offset)
        let user = row.bytes(4)
        if foldUsers, let user { users.add(user, day: calendar.localDay(time, offset: offset), time: time) }
        let type = row.bytes(2).map { texts.number($0) } ?? texts.number("")
        let service = text(row, 3)
        let hasUser = user != nil
        types.update(FoldKey(slot: slot, rest: FoldKey.pack(type, service))) { $0.add(hasUser: hasUser) }
        let role = role(of: type)
        if role == .processed || role == .error || hasUser {
            hours.update(FoldKey(slot: slot, rest: 0)) { hour in
                if role == .processed { hour.processed += 1 } else if role == .error { hour.errors += 1 }
                if hasUser { hour.withUser += 1 }
            }
        }
        switch role {
        case .processed, .error:
            let errorService = role == .error ? text(row, 10) : 0
            let dimensionService = errorService != 0 ? errorService : service
            let code = UInt64(EventRoleCode.encode(role)) << 40
            func countDimension(_ dimension: Dimension, _ value: Int) {
                dimensions.update(FoldKey(slot: slot, rest: code | UInt64(dimension.rawValue) << 32 | UInt64(value))) { $0 += 1 }
            }
            countDimension(.service, dimensionService)
            countDimension(.deviceType, text(row, 5))
            countDimension(.fileSizeBand, Self.real(row, 7).map { bands[Self.band($0)] + 1 } ?? 0)
            if role == .processed, let milliseconds = Self.real(row, 6) {
                timings.update(FoldKey(slot: slot, rest: UInt64(service))) { $0.add(milliseconds) }
            }
            if role == .error {
                errors.update(FoldKey(slot: slot, rest: FoldKey.pack(text(row, 8), dimensionService))) { $0 += 1 }
                if let message = row.bytes(9) {
                    messageCounts.update(FoldKey(slot: slot, rest: UInt64(self.message(message)))) { $0 += 1 }
                }
            }
        case .modelGenerated:
            var model = ModelAggregate()
            model.events = 1
            if let parameters = Self.real(row, 12) {
                model.parameterCount = 1
                model.parameterSumMicros = Int64((parameters * 1_000_000).rounded())
                model.parameterMax = parameters
            }
            models.update(FoldKey(slot: slot, rest: FoldKey.pack(text(row, 5), text(row, 11)))) { $0.merge(model) }
        case .other:
            break
        }
    }

    /// The position of ``Dimension/band(_:)``'s band among `bands`.
    private static func band(_ megabytes: Double) -> Int {
        megabytes < 1 ? 0 : megabytes < 10 ? 1 : megabytes < 50 ? 2 : 3
    }

    private static func real(_ row: RawRow, _ column: Int32) -> Double? {
        row.isNull(column) ? nil : row.double(column)
    }

    /// The text of a number +1 (nil for 0).
    private func name(_ number: Int) -> String? { number == 0 ? nil : texts.strings[number - 1] }

    /// The folded families as ``Aggregates`` (no user days: those are in ``users``). Texts whose
    /// bytes differ but read the same once repaired (invalid UTF-8) are merged there.
    func aggregates() -> Aggregates {
        var result = Aggregates()
        result.types.reserveCapacity(types.count)
        for (key, value) in types.entries {
            let typeKey = TypeKey(slot: key.slot, eventType: texts.strings[FoldKey.high(key.rest)], serviceName: name(FoldKey.low(key.rest)))
            result.types[typeKey, default: TypeCount()].merge(value)
        }
        for (key, value) in hours.entries { result.hours[key.slot, default: HourCount()].merge(value) }
        for (key, value) in timings.entries {
            result.timings[TimingKey(slot: key.slot, serviceName: name(Int(key.rest))), default: TimingAggregate()].merge(value)
        }
        result.dimensions.reserveCapacity(dimensions.count)
        for (key, value) in dimensions.entries {
            let role = EventRoleCode.decode(Int(key.rest >> 40))
            let dimension = Dimension(rawValue: Int((key.rest >> 32) & 0xFF)) ?? .service
            result.dimensions[DimensionKey(slot: key.slot, role: role, dimension: dimension, value: name(FoldKey.low(key.rest))), default: 0] += value
        }
        for (key, value) in models.entries {
            let modelKey = ModelKey(slot: key.slot, deviceType: name(FoldKey.high(key.rest)), complexity: name(FoldKey.low(key.rest)))
            result.models[modelKey, default: ModelAggregate()].merge(value)
        }
        for (key, value) in errors.entries {
            let errorKey = ErrorKey(slot: key.slot, errorType: name(FoldKey.high(key.rest)), service: name(FoldKey.low(key.rest)))
            result.errors[errorKey, default: 0] += value
        }
        for (key, value) in messageCounts.entries {
            result.messages[MessageKey(slot: key.slot, message: texts.strings[Int(key.rest)]), default: 0] += value
        }
        return result
    }
}
