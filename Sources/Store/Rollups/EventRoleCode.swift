internal import Model

/// How an ``EventRole`` is stored in rollup rows.
enum EventRoleCode {
    static func encode(_ role: EventRole) -> Int { role.rawValue }
    static func decode(_ value: Int) -> EventRole { EventRole(rawValue: value) ?? .other }
}
