import ArgumentParser
import Delivery
import Foundation
import Model
import Store

/// `espice-analytics reports list|save FILE|remove NAME`: saved reports in the database.
struct ReportsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reports",
        abstract: "Manage saved reports (scheduled, emailed; SPEC §8).",
        discussion: """
            A saved report is the original service's JSON:
              {"name": "Weekly processing", "report_type": "processing_performance",
               "parameters": {"time_range": "7d", "filters": {"service_name": "pdf-service"}},
               "schedule": "@weekly", "recipients": ["ops@example.com"], "format": "pdf"}

            Examples:
              espice-analytics reports save weekly.json
              espice-analytics reports list
              espice-analytics reports remove "Weekly processing"
            """,
        subcommands: [List.self, Save.self, Remove.self]
    )

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List saved reports.", discussion: "Example:\n  espice-analytics reports list --json")
        @OptionGroup var common: CommonOptions
        @Flag(help: "Print the stored JSON configs as a JSON array.") var json = false

        func run() throws {
            let config = try common.resolve()
            let store = try AnalyticsStore(path: config.databasePath, logger: LoggingSetup.logger(level: config.logLevel))
            let stored = try store.savedReports()
            if json {
                print("[" + stored.map(\.json).joined(separator: ",\n") + "]")
                return
            }
            if stored.isEmpty { print("no saved reports") }
            for item in stored {
                let report = try? SavedReportConfig.decode(item.json)
                let schedule = report?.schedule ?? "unscheduled"
                let recipients = report?.recipients?.joined(separator: ", ") ?? ""
                print("\(item.name)\t\(report?.reportType ?? "?")\t\(schedule)\t\(recipients)")
            }
        }
    }

    struct Save: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Add or replace (by name) a saved report from a JSON file.",
                                                        discussion: "Example:\n  espice-analytics reports save weekly.json")
        @OptionGroup var common: CommonOptions
        @Argument(help: "Saved report JSON file.") var file: String

        func run() throws {
            let config = try common.resolve()
            let text: String
            do { text = try String(contentsOfFile: file, encoding: .utf8) } catch {
                throw ValidationErrorText("\(file): cannot read: \(error.localizedDescription)")
            }
            let report: SavedReportConfig
            do { report = try SavedReportConfig.decode(text) } catch { throw ValidationErrorText("\(file): \(error)") }
            let store = try AnalyticsStore(path: config.databasePath, logger: LoggingSetup.logger(level: config.logLevel))
            try store.saveSavedReport(name: report.name, slug: report.slug, reportType: report.reportType, schedule: report.schedule, json: text)
            print("saved report \"\(report.name)\"" + (report.schedule.map { " (\($0) → \(report.recipients?.count ?? 0) recipients)" } ?? ""))
        }
    }

    struct Remove: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Remove a saved report by name (its delivery history stays).",
                                                        discussion: "Example:\n  espice-analytics reports remove \"Weekly processing\"")
        @OptionGroup var common: CommonOptions
        @Argument(help: "Saved report name.") var name: String

        func run() throws {
            let config = try common.resolve()
            let store = try AnalyticsStore(path: config.databasePath, logger: LoggingSetup.logger(level: config.logLevel))
            guard try store.removeSavedReport(name: name) else { throw ValidationErrorText("no saved report named \"\(name)\"") }
            print("removed saved report \"\(name)\"")
        }
    }
}
