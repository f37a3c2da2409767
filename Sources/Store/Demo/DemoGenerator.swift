public import Model
internal import Foundation

/// Deterministic, realistic ESpice traffic for `espice-analytics demo`: the event mix of SPEC §2,
/// six services, a few thousand users with heavy-tailed activity, a weekday/hour rhythm, and two
/// incidents for the error analysis to find — an OCR error spike in `ocr-service` from five to
/// three days before the end, and large files (≥ 50 MB) that are slow and fail often.
///
/// The same settings give the same events, byte for byte.
public struct DemoGenerator: Sendable {
    public var eventCount: Int
    public var days: Int
    public var seed: UInt64
    /// The end of the generated period (exclusive), UTC epoch milliseconds.
    public var end: Int64
    /// Data shapes beyond the demo's own (benchmarks: data not made for the code).
    public var shape = DemoShape()

    public init(eventCount: Int = 100_000, days: Int = 90, seed: UInt64 = 42, end: Int64) {
        self.eventCount = eventCount
        self.days = days
        self.seed = seed
        self.end = end
    }

    /// Generates the events in time order, handing them over in batches.
    public func generate(batchSize: Int = 10_000, _ body: ([TrackedEvent]) throws -> Void) rethrows {
        var random = SeededRandom(seed: seed)
        let users = DemoVocabulary.userIds(count: shape.users ?? max(20, min(3_000, eventCount / 25)))
        let userTable = WeightedTable(users.enumerated().map { ($0.element, 1 / pow(Double($0.offset + 1), 0.9)) })
        let hours = hourlyCounts(&random)
        let start = end - Int64(days) * 86_400_000
        var batch: [TrackedEvent] = []
        batch.reserveCapacity(batchSize)
        var offsets: [Int64] = []
        for (hour, count) in hours.enumerated() where count > 0 {
            let hourStart = start + Int64(hour) * 3_600_000
            offsets.removeAll(keepingCapacity: true)
            for _ in 0..<count { offsets.append(Int64(random.int(0...3_599_999))) }
            offsets.sort()
            for offset in offsets {
                batch.append(event(at: hourStart + offset, users: userTable, random: &random))
                if batch.count == batchSize {
                    try body(batch)
                    batch.removeAll(keepingCapacity: true)
                }
            }
        }
        // Late events: times spread over the last 95 days (at most the generated period), in no
        // order, arriving after all the others.
        let lateCount = shape.lateCount(of: eventCount)
        let lateSpan = Int64(min(days, 95)) * 86_400_000
        for _ in 0..<lateCount {
            batch.append(event(at: end - 1 - Int64(random.int(0...Int(lateSpan - 1))), users: userTable, random: &random))
            if batch.count == batchSize {
                try body(batch)
                batch.removeAll(keepingCapacity: true)
            }
        }
        if !batch.isEmpty { try body(batch) }
    }

    /// How many events fall in each hour: weekday/hour rhythm, slight growth, exact total.
    private func hourlyCounts(_ random: inout SeededRandom) -> [Int] {
        let hourCount = days * 24
        let start = end - Int64(days) * 86_400_000
        var weights = [Double](repeating: 0, count: hourCount)
        for hour in 0..<hourCount {
            let time = start + Int64(hour) * 3_600_000
            let day = CivilDate(daysSinceEpoch: Int(time / 86_400_000))
            let hourOfDay = Int(time / 3_600_000 % 24)
            let weekday = day.weekdayFromMonday >= 5 ? 0.4 : 1.0
            let daytime = 0.15 + exp(-pow(Double(hourOfDay) - 13.5, 2) / 18)
            let growth = 0.8 + 0.4 * Double(hour) / Double(max(1, hourCount))
            weights[hour] = weekday * daytime * growth * (0.85 + 0.3 * random.unit())
        }
        let total = weights.reduce(0, +)
        var counts = weights.map { Int(Double(eventCount) * $0 / total) }
        var missing = eventCount - counts.reduce(0, +)
        while missing > 0 {
            counts[random.int(0...(hourCount - 1))] += 1
            missing -= 1
        }
        return counts
    }

    private func event(at time: Int64, users: WeightedTable<String>, random: inout SeededRandom) -> TrackedEvent {
        let user: String? = random.chance(0.04) ? nil : users.pick(&random)
        let roll = random.unit()
        var event: TrackedEvent
        if roll < 0.44 {
            event = document(at: time, random: &random)
        } else if roll < 0.62 {
            event = model(at: time, random: &random)
        } else if roll < 0.63 {
            let (type, message) = DemoVocabulary.error(for: "api-gateway", largeFile: false, random: &random)
            event = TrackedEvent(
                eventType: "error", eventData: JSONObjectWriter().string("error_type", type)
                    .string("error_message", message).finish(),
                serviceName: "api-gateway", timestamp: time,
                fields: EventFields(errorType: type, errorMessage: message))
        } else {
            let (type, service) = DemoVocabulary.featureEvents.pick(&random)
            let path = ["/dashboard", "/models", "/upload", "/reports", "/search"][random.int(0...4)]
            event = TrackedEvent(
                eventType: type, eventData: JSONObjectWriter().string("path", path).finish(), serviceName: service,
                timestamp: time)
        }
        event.userId = user
        if random.chance(0.03) { event.serviceName = nil }
        return event
    }

    /// A processed document, or its failure as a `processing_error`.
    private func document(at time: Int64, random: inout SeededRandom) -> TrackedEvent {
        let service = DemoVocabulary.processingServices.pick(&random)
        let device = DemoVocabulary.deviceTypes.pick(&random)
        let size = random.chance(0.03)
            ? 50 + random.lognormal(median: 20, sigma: 0.6) : random.lognormal(median: 2.5, sigma: 1.0)
        let sizeMb = (size * 100).rounded() / 100
        let large = sizeMb >= 50
        var failure = 0.045
        if large { failure = 0.30 }
        let daysBeforeEnd = Double(end - time) / 86_400_000
        if service == "ocr-service" && daysBeforeEnd >= 3 && daysBeforeEnd < 5 { failure = 0.35 }
        if random.chance(failure) {
            let (type, message) = DemoVocabulary.error(for: service, largeFile: large, random: &random)
            let data = JSONObjectWriter().string("error_type", type).string("error_message", message)
                .string("service", service).string("device_type", device).number("file_size_mb", sizeMb).finish()
            return TrackedEvent(
                eventType: "processing_error", eventData: data, serviceName: service, timestamp: time,
                fields: EventFields(
                    deviceType: device, fileSizeMb: sizeMb, errorType: type, errorMessage: message, service: service))
        }
        var milliseconds = (random.lognormal(median: 400 + 160 * sizeMb, sigma: 0.35)).rounded()
        if large { milliseconds *= 3 }
        let writer = JSONObjectWriter().string("device_type", device)
        let data: String
        var fields = EventFields(deviceType: device, fileSizeMb: sizeMb)
        if random.chance(0.002) {
            data = writer.string("processing_time_ms", "n/a").number("file_size_mb", sizeMb).finish()
        } else {
            fields.processingTimeMs = milliseconds
            data = writer.number("processing_time_ms", milliseconds).number("file_size_mb", sizeMb).finish()
        }
        return TrackedEvent(
            eventType: "document_processed", eventData: data, serviceName: service, timestamp: time, fields: fields)
    }

    private func model(at time: Int64, random: inout SeededRandom) -> TrackedEvent {
        let device = DemoVocabulary.deviceTypes.pick(&random)
        let complexity = DemoVocabulary.complexities.pick(&random)
        let parameters = Double(random.int(DemoVocabulary.parameterRange(complexity)))
        let data = JSONObjectWriter().string("device_type", device).string("model_complexity", complexity)
            .number("parameters_extracted", parameters).finish()
        return TrackedEvent(
            eventType: "spice_model_generated", eventData: data,
            serviceName: DemoVocabulary.modelServices.pick(&random), timestamp: time,
            fields: EventFields(deviceType: device, modelComplexity: complexity, parametersExtracted: parameters))
    }
}

extension DemoGenerator {
    /// Generates and stores the demo events (one transaction per batch); returns how many.
    /// Generation runs on its own thread while this one inserts, at most two batches apart.
    public func write(to store: AnalyticsStore) throws(StoreError) -> Int {
        let queue = BatchQueue<[TrackedEvent], Bool>(capacity: 2)
        startGenerating(into: queue)
        var total = 0
        let receivedAt = end
        do {
            try store.withBulkImportSettings {
                while let batch = try queue.take() {
                    // In generation order: late events must keep the last ids.
                    try store.insertBatch(batch, inTimeOrder: false, receivedAt: receivedAt)
                    total += batch.count
                }
            }
            if shape.outOfOrderPercent > 0 {
                try DemoArrival(shape: shape, seed: seed).reorder(store, lateCount: shape.lateCount(of: eventCount))
            }
        } catch {
            queue.cancel()
            _ = queue.waitForOutcome()
            throw AnalyticsStore.translate(error, path: store.path)
        }
        _ = queue.waitForOutcome()
        return total
    }

    /// Generates the batches on a thread of its own into `queue`, at most its capacity ahead of
    /// the writer; generation stops early once the writer cancels the queue.
    func startGenerating(into queue: BatchQueue<[TrackedEvent], Bool>) {
        let generator = self
        NamedThread.start("espice-demo") {
            // Throwing ImportStopped ends generation early when the writer gave up.
            let completed = (try? generator.generate { batch in
                guard queue.put(batch) else { throw ImportStopped() }
            }) != nil
            queue.finish(completed)
        }
    }
}
