internal import Model
internal import Store

/// `business_intelligence` (SPEC §4).
public struct BusinessIntelligenceReport: Sendable, Codable, Hashable {
    public var deviceTypes: [DeviceShare]
    public var modelComplexity: [ComplexityShare]
    public var parametersExtracted: MeanMax
    public var totalModelsGenerated: Int64
    public var processedByDeviceType: [DeviceCount]
    public var topUsers: [TopUser]
    public var featureUsage: [FeatureUsage]
    public var modelsTimeline: [DateCount]

    enum CodingKeys: String, CodingKey {
        case deviceTypes = "device_types", modelComplexity = "model_complexity"
        case parametersExtracted = "parameters_extracted", totalModelsGenerated = "total_models_generated"
        case processedByDeviceType = "processed_by_device_type", topUsers = "top_users"
        case featureUsage = "feature_usage", modelsTimeline = "models_timeline"
    }

    static func build(_ data: WindowData, context: ReportContext) -> Self {
        let aggregates = data.aggregates
        // Texts by their bytes (``UTF8Key``), as SQL groups them.
        var devices: [UTF8Key?: Int64] = [:]
        var complexities: [UTF8Key?: Int64] = [:]
        var parameters = ModelAggregate()
        var timeline: [BucketKey: Int64] = [:]
        let bucket = context.bucketer()
        for (key, value) in aggregates.models {
            devices[key.deviceType.map(UTF8Key.init), default: 0] += value.events
            complexities[key.complexity.map(UTF8Key.init), default: 0] += value.events
            parameters.merge(value)
            timeline[bucket(key.slot), default: 0] += value.events
        }
        let total = parameters.events
        var processedDevices: [UTF8Key?: Int64] = [:]
        for (key, count) in aggregates.dimensions where key.role == .processed && key.dimension == .deviceType {
            processedDevices[key.value.map(UTF8Key.init), default: 0] += count
        }
        return BusinessIntelligenceReport(
            deviceTypes: devices.map { DeviceShare(deviceType: $0.key?.text, count: $0.value, share: Figures.percent($0.value, of: total)) }
                .sorted { Figures.byCount($0.count, [$0.deviceType], $1.count, [$1.deviceType]) },
            modelComplexity: complexities.map {
                ComplexityShare(complexity: $0.key?.text, count: $0.value, share: Figures.percent($0.value, of: total))
            }.sorted { Figures.byCount($0.count, [$0.complexity], $1.count, [$1.complexity]) },
            parametersExtracted: MeanMax(
                mean: parameters.parameterCount == 0
                    ? nil : Figures.round2(Double(parameters.parameterSumMicros) / 1_000_000 / Double(parameters.parameterCount)),
                max: parameters.parameterCount == 0 ? nil : parameters.parameterMax),
            totalModelsGenerated: total,
            processedByDeviceType: processedDevices.map { DeviceCount(deviceType: $0.key?.text, count: $0.value) }
                .sorted { Figures.byCount($0.count, [$0.deviceType], $1.count, [$1.deviceType]) },
            topUsers: { () -> [TopUser] in
                let totals = UserTotals(data)
                return totals.ranked(limit: 10).map {
                    TopUser(userId: totals.names[$0], activityCount: totals.totals[$0].events, lastActivity: Timestamp.iso8601(totals.totals[$0].last))
                }
            }(),
            featureUsage: FeatureUsage.list(aggregates, usersOnly: false),
            modelsTimeline: timeline.sorted { $0.key < $1.key }.map { DateCount(date: $0.key.text, count: $0.value) })
    }
}

public struct DeviceShare: Sendable, Codable, Hashable {
    public var deviceType: String?
    public var count: Int64
    public var share: Double?
    enum CodingKeys: String, CodingKey { case deviceType = "device_type", count, share }
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(deviceType, forKey: .deviceType)
        try c.encode(count, forKey: .count)
        try c.encode(share, forKey: .share)
    }
}

public struct ComplexityShare: Sendable, Codable, Hashable {
    public var complexity: String?
    public var count: Int64
    public var share: Double?
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(complexity, forKey: .complexity)
        try c.encode(count, forKey: .count)
        try c.encode(share, forKey: .share)
    }
    enum CodingKeys: String, CodingKey { case complexity, count, share }
}

public struct DeviceCount: Sendable, Codable, Hashable {
    public var deviceType: String?
    public var count: Int64
    enum CodingKeys: String, CodingKey { case deviceType = "device_type", count }
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(deviceType, forKey: .deviceType)
        try c.encode(count, forKey: .count)
    }
}

public struct MeanMax: Sendable, Codable, Hashable {
    public var mean: Double?
    public var max: Double?
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(mean, forKey: .mean)
        try c.encode(max, forKey: .max)
    }
    enum CodingKeys: String, CodingKey { case mean, max }
}

public struct TopUser: Sendable, Codable, Hashable {
    public var userId: String
    public var activityCount: Int64
    public var lastActivity: String
    enum CodingKeys: String, CodingKey { case userId = "user_id", activityCount = "activity_count", lastActivity = "last_activity" }
}

public struct DateCount: Sendable, Codable, Hashable {
    public var date: String
    public var count: Int64
}

public struct FeatureUsage: Sendable, Codable, Hashable {
    public var eventType: String
    public var usageCount: Int64
    enum CodingKeys: String, CodingKey { case eventType = "event_type", usageCount = "usage_count" }

    /// Events per type in the window (only those with a user_id when `usersOnly`).
    static func list(_ aggregates: Aggregates, usersOnly: Bool) -> [FeatureUsage] {
        var counts: [UTF8Key: Int64] = [:]
        for (key, value) in aggregates.types {
            counts[UTF8Key(key.eventType), default: 0] += usersOnly ? value.withUser : value.events
        }
        return counts.filter { $0.value > 0 }.map { FeatureUsage(eventType: $0.key.text, usageCount: $0.value) }
            .sorted { Figures.byCount($0.usageCount, [$0.eventType], $1.usageCount, [$1.eventType]) }
    }
}
