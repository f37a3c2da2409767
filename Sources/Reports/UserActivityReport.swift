internal import Model
internal import Store

/// `user_activity` (SPEC §4).
public struct UserActivityReport: Sendable, Codable, Hashable {
    public var activeUsers: Int
    public var totalActivities: Int64
    public var userActivity: UserDayList
    public var users: UserSummaryList
    public var dailyActiveUsers: [DailyActiveUsers]
    public var featureUsage: [FeatureUsage]
    public var peakUsage: PeakUsage
    public var segments: Segments
    public var newUsers: Int
    public var returningUsers: Int

    enum CodingKeys: String, CodingKey {
        case activeUsers = "active_users", totalActivities = "total_activities", userActivity = "user_activity", users
        case dailyActiveUsers = "daily_active_users", featureUsage = "feature_usage", peakUsage = "peak_usage"
        case segments, newUsers = "new_users", returningUsers = "returning_users"
    }

    static func build(_ data: WindowData, context: ReportContext) -> Self {
        let aggregates = data.aggregates
        let totals = UserTotals(data)
        // The window's user-days come in the list's order (day, events descending, user id).
        let calendar = context.calendar
        var daily: [(day: Int32, users: Int)] = []
        for row in data.userDays {
            if daily.last?.day != row.day { daily.append((row.day, 0)) }
            daily[daily.count - 1].users += 1
        }
        let firstDay = daily.first?.day ?? 0
        let dates = (firstDay...(daily.last?.day ?? firstDay)).map { calendar.dayKey(Int($0)) }
        var matrix = Array(repeating: Array(repeating: Int64(0), count: 24), count: 7)
        var activities: Int64 = 0
        for (slot, value) in aggregates.hours where value.withUser > 0 {
            let (hour, weekday) = context.hourAndWeekday(slot)
            matrix[weekday][hour] += value.withUser
            activities += value.withUser
        }
        var segments = Segments(power: 0, regular: 0, occasional: 0)
        let active = totals.active
        for user in active {
            let activity = totals.totals[user]
            switch activity.events {
            case 50...: segments.power += 1
            case 10..<50: segments.regular += 1
            case 1..<10: segments.occasional += 1
            default: break
            }
        }
        return UserActivityReport(
            activeUsers: active.count, totalActivities: activities,
            userActivity: UserDayList(users: data.userNames, dates: dates, firstDay: firstDay, rows: data.userDays),
            users: UserSummaryList(
                users: data.userNames,
                rows: totals.ranked().map {
                    let activity = totals.totals[$0]
                    return UserSummaryList.Row(user: Int32($0), count: activity.events, first: activity.first, last: activity.last)
                }),
            dailyActiveUsers: daily.map { DailyActiveUsers(date: dates[Int($0.day - firstDay)], activeUsers: $0.users) },
            featureUsage: FeatureUsage.list(aggregates, usersOnly: true),
            peakUsage: PeakUsage(matrix: matrix), segments: segments, newUsers: data.newUsers,
            returningUsers: active.count - data.newUsers)
    }
}

public struct UserDayActivity: Sendable, Codable, Hashable {
    public var userId: String
    public var date: String
    public var activityCount: Int64

    public init(userId: String, date: String, activityCount: Int64) {
        self.userId = userId
        self.date = date
        self.activityCount = activityCount
    }
    enum CodingKeys: String, CodingKey { case userId = "user_id", date, activityCount = "activity_count" }
}

public struct UserSummary: Sendable, Codable, Hashable {
    public var userId: String
    public var activityCount: Int64
    public var firstSeen: String
    public var lastSeen: String
    enum CodingKeys: String, CodingKey {
        case userId = "user_id", activityCount = "activity_count", firstSeen = "first_seen", lastSeen = "last_seen"
    }
}

public struct DailyActiveUsers: Sendable, Codable, Hashable {
    public var date: String
    public var activeUsers: Int
    enum CodingKeys: String, CodingKey { case date, activeUsers = "active_users" }
}

/// Events with a user by weekday (Monday first) × local hour, and the busiest cell.
public struct PeakUsage: Sendable, Codable, Hashable {
    public var matrix: [[Int64]]
    public var peak: Peak?

    public struct Peak: Sendable, Codable, Hashable {
        /// 0 = Monday … 6 = Sunday.
        public var weekday: Int
        public var weekdayName: String
        public var hour: Int
        public var count: Int64
        enum CodingKeys: String, CodingKey { case weekday, weekdayName = "weekday_name", hour, count }
    }

    static let weekdays = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]

    init(matrix: [[Int64]]) {
        self.matrix = matrix
        var best: Peak?
        for weekday in 0..<7 {
            for hour in 0..<24 where matrix[weekday][hour] > (best?.count ?? 0) {
                best = Peak(weekday: weekday, weekdayName: Self.weekdays[weekday], hour: hour, count: matrix[weekday][hour])
            }
        }
        peak = best
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(matrix, forKey: .matrix)
        try c.encode(peak, forKey: .peak)
    }

    enum CodingKeys: String, CodingKey { case matrix, peak }
}

/// Users with ≥ 50 (power), 10–49 (regular) and 1–9 (occasional) events in the window.
public struct Segments: Sendable, Codable, Hashable {
    public var power: Int
    public var regular: Int
    public var occasional: Int
}
