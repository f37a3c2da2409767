@testable import Store
import Testing

/// The shadow tables of a rebuild are made from the live tables' own schema text, which SQLite
/// rewrites (with quotes) when a table is renamed.
@Suite("Rollup shadow schema")
struct RollupShadowTests {
    @Test("a table's schema is copied under the shadow's name, quoted or not", arguments: [
        ("CREATE TABLE ru_types (slot INTEGER NOT NULL)", "CREATE TABLE next_ru_types (slot INTEGER NOT NULL)"),
        ("CREATE TABLE \"ru_types\" (slot INTEGER NOT NULL)", "CREATE TABLE next_ru_types (slot INTEGER NOT NULL)"),
    ])
    func tableSchema(sql: String, expected: String) {
        #expect(RollupShadow.retarget(sql, keyword: "TABLE", name: "ru_types", to: "next_ru_types", on: nil) == expected)
    }

    @Test("an index's schema gets the other index name and the shadow table", arguments: [
        ("CREATE INDEX ru_users_by_first ON ru_users(first_ts)", "ru_users_by_first",
         "CREATE INDEX ru_users_by_first_b ON next_ru_users(first_ts)"),
        ("CREATE INDEX ru_users_by_first_b ON \"ru_users\"(first_ts)", "ru_users_by_first_b",
         "CREATE INDEX ru_users_by_first ON next_ru_users(first_ts)"),
        ("CREATE UNIQUE INDEX ru_users_by_id ON \"ru_users\" (user_id)", "ru_users_by_id",
         "CREATE UNIQUE INDEX ru_users_by_id_b ON next_ru_users (user_id)"),
    ])
    func indexSchema(sql: String, name: String, expected: String) {
        let shadow = RollupShadow.retarget(
            sql, keyword: "INDEX", name: name, to: RollupShadow.alternate(name), on: ("ru_users", "next_ru_users"))
        #expect(shadow == expected)
    }

    @Test("schema text of another form or another table is refused", arguments: [
        "CREATE TABLE ru_types_more (slot INTEGER)",
        "CREATE TEMP TABLE ru_types (slot INTEGER)",
        "CREATE INDEX ru_types_by_slot ON ru_users(slot)",
    ])
    func otherSchema(sql: String) {
        let asTable = RollupShadow.retarget(sql, keyword: "TABLE", name: "ru_types", to: "next_ru_types", on: nil)
        let asIndex = RollupShadow.retarget(
            sql, keyword: "INDEX", name: "ru_types_by_slot", to: "ru_types_by_slot_b", on: ("ru_types", "next_ru_types"))
        #expect(asTable == nil && asIndex == nil)
    }

    /// No rollup table has a UNIQUE constraint since migration 0011, but the swap still renames
    /// an index SQLite makes for one, should a later migration add it.
    @Test("the swap names a constraint's automatic index after the table's new name")
    func automaticIndexName() {
        let renamed = RollupShadow.renamed(type: "index", name: "sqlite_autoindex_next_ru_users_1", sql: nil, table: "next_ru_users", to: "ru_users")
        #expect(renamed?.name == "sqlite_autoindex_ru_users_1")
        #expect(renamed?.sql == nil)
        #expect(RollupShadow.renamed(type: "index", name: "sqlite_autoindex_ru_types_1", sql: nil, table: "next_ru_users", to: "ru_users") == nil)
    }
}
