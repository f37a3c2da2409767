import ArgumentParser
import Foundation
import Model
import Reports
import Store

/// `espice-analytics dashboards list|add FILE|remove NAME`: custom dashboards in the database
/// (for a PostgreSQL `--db`, in the builder cache that `build` reads).
struct DashboardsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dashboards",
        abstract: "Manage custom dashboards (published under dashboards/<slug>/ by build; SPEC §8).",
        discussion: """
            With a postgres:// --db they are kept in the builder cache (--cache), where `build` on
            that --db finds them; another builder's cache does not share them.

            Examples:
              espice-analytics dashboards add ops.json
              espice-analytics dashboards list
              espice-analytics dashboards remove "Operations"
            """,
        subcommands: [List.self, Add.self, Remove.self]
    )

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List dashboards.", discussion: "Example:\n  espice-analytics dashboards list")
        @OptionGroup var common: CommonOptions
        @Flag(help: "Print the stored JSON configs as a JSON array.") var json = false

        func run() throws {
            let config = try common.resolve()
            let store = try CommonOptions.configStore(config)
            let stored = try store.dashboards()
            if json {
                print("[" + stored.map(\.json).joined(separator: ",\n") + "]")
                return
            }
            if stored.isEmpty { print("no dashboards") }
            for item in stored {
                let widgets = (try? JSONDecoder().decode(DashboardConfig.self, from: Data(item.json.utf8)))?.widgets.count ?? 0
                print("\(item.name)\tdashboards/\(item.slug)/\t\(Formatting.count(widgets, "widget"))")
            }
        }
    }

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Add or replace (by name) a dashboard from a JSON file.",
                                                        discussion: "Example:\n  espice-analytics dashboards add ops.json")
        @OptionGroup var common: CommonOptions
        @Argument(help: "Dashboard JSON file.") var file: String

        func run() throws {
            let config = try common.resolve()
            let text: String
            do { text = try String(contentsOfFile: file, encoding: .utf8) } catch {
                throw ValidationErrorText("\(file): cannot read: \(error.localizedDescription)")
            }
            let dashboard: DashboardConfig
            do {
                dashboard = try JSONDecoder().decode(DashboardConfig.self, from: Data(text.utf8))
            } catch let error as DecodingError {
                throw ValidationErrorText("\(file): \(ConfigLoader.describe(error))")
            } catch {
                throw ValidationErrorText("\(file): not valid JSON: \(error.localizedDescription)")
            }
            do { try MetricCatalog.validate(dashboard) } catch { throw ValidationErrorText("\(file): \(error)") }
            let store = try CommonOptions.configStore(config)
            try store.saveDashboard(name: dashboard.name, slug: dashboard.slug, json: text)
            print("saved dashboard \"\(dashboard.name)\"" + (try CommonOptions.configNote(config)) + " (dashboards/\(dashboard.slug)/ on the next build)")
        }
    }

    struct Remove: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Remove a dashboard by name.",
                                                        discussion: "Example:\n  espice-analytics dashboards remove Operations")
        @OptionGroup var common: CommonOptions
        @Argument(help: "Dashboard name.") var name: String

        func run() throws {
            let config = try common.resolve()
            let store = try CommonOptions.configStore(config)
            guard try store.removeDashboard(name: name) else { throw ValidationErrorText("no dashboard named \"\(name)\"") }
            print("removed dashboard \"\(name)\"" + (try CommonOptions.configNote(config)))
        }
    }
}
