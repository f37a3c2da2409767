import ArgumentParser
import Delivery
import Foundation
import Model
import Store

/// `espice-analytics reports list|save FILE|remove NAME`: saved reports in the database (for a
/// PostgreSQL `--db`, in the builder cache that `build` and `deliver` read).
struct ReportsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reports",
        abstract: "Manage saved reports (scheduled, emailed; SPEC §8).",
        discussion: """
            A saved report is the original service's JSON:
              {"name": "Weekly processing", "report_type": "processing_performance",
               "parameters": {"time_range": "7d", "filters": {"service_name": "pdf-service"}},
               "schedule": "@weekly", "recipients": ["ops@example.com"], "format": "pdf"}

            Ready ones: `reports templates` lists them, `reports save --template NAME
            --recipients a@example.com,b@example.com` saves one.

            With a postgres:// --db they are kept in the builder cache (--cache), where `build`
            and `deliver` on that --db find them; another builder's cache does not share them.

            Examples:
              espice-analytics reports save weekly.json
              espice-analytics reports templates
              espice-analytics reports save --template daily-operations-digest --recipients ops@example.com
              espice-analytics reports list
              espice-analytics reports remove "Weekly processing"
            """,
        subcommands: [List.self, Templates.self, Save.self, Remove.self]
    )

    struct Templates: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List the ready saved reports that `reports save --template NAME` creates.",
            discussion: "Example:\n  espice-analytics reports templates")
        @Flag(help: "Print the templates' saved-report JSON (without recipients), keyed by name.") var json = false

        func run() throws {
            if json {
                let entries = try SavedReportTemplate.all.map { "\"\($0.id)\": " + (try $0.config.json()) }
                print("{" + entries.joined(separator: ",\n") + "}")
                return
            }
            for template in SavedReportTemplate.all {
                print("\(template.id)\t\(template.config.name)\t\(template.summary)")
                if let description = template.config.description { print("    \(description)") }
            }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List saved reports.", discussion: "Example:\n  espice-analytics reports list --json")
        @OptionGroup var common: CommonOptions
        @Flag(help: "Print the stored JSON configs as a JSON array.") var json = false

        func run() throws {
            let config = try common.resolve()
            let store = try CommonOptions.configStore(config)
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
        static let configuration = CommandConfiguration(
            abstract: "Add or replace (by name) a saved report from a JSON file or a template.",
            discussion: """
                Examples:
                  espice-analytics reports save weekly.json
                  espice-analytics reports save --template weekly-executive-summary --recipients ceo@example.com,cto@example.com
                """)
        @OptionGroup var common: CommonOptions
        @Argument(help: "Saved report JSON file.") var file: String?
        @Option(help: "A template from `reports templates` instead of a file.") var template: String?
        @Option(help: "With --template: comma-separated email addresses.") var recipients: String?
        @Option(help: "With --template: save under this name instead of the template's.") var name: String?

        func validate() throws {
            if (file == nil) == (template == nil) { throw ValidationError("give either a JSON file or --template NAME") }
            if template == nil && (recipients != nil || name != nil) {
                throw ValidationError("--recipients and --name go with --template")
            }
            if template != nil && recipients == nil { throw ValidationError("--template needs --recipients a@example.com,…") }
        }

        func run() throws {
            let config = try common.resolve()
            let (report, text) = try template.map(fromTemplate) ?? fromFile(file ?? "")
            let store = try CommonOptions.configStore(config)
            try store.saveSavedReport(name: report.name, slug: report.slug, reportType: report.reportType, schedule: report.schedule, json: text)
            print("saved report \"\(report.name)\"" + (try CommonOptions.configNote(config)) + (report.schedule.map { " (\($0) → \(report.recipients?.count ?? 0) recipients)" } ?? ""))
        }

        private func fromFile(_ file: String) throws -> (SavedReportConfig, String) {
            let text: String
            do { text = try String(contentsOfFile: file, encoding: .utf8) } catch {
                throw ValidationErrorText("\(file): cannot read: \(error.localizedDescription)")
            }
            do { return (try SavedReportConfig.decode(text), text) } catch { throw ValidationErrorText("\(file): \(error)") }
        }

        private func fromTemplate(_ id: String) throws -> (SavedReportConfig, String) {
            guard let found = SavedReportTemplate.named(id) else {
                throw ValidationErrorText("no template named \"\(id)\" (valid: \(SavedReportTemplate.all.map(\.id).joined(separator: ", ")))")
            }
            let list = (recipients ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            do {
                let report = try found.report(recipients: list, name: name)
                return (report, try report.json())
            } catch let error as ReportRequestError { throw ValidationErrorText("--template \(found.id): \(error)") }
        }
    }

    struct Remove: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Remove a saved report by name (its delivery history stays).",
                                                        discussion: "Example:\n  espice-analytics reports remove \"Weekly processing\"")
        @OptionGroup var common: CommonOptions
        @Argument(help: "Saved report name.") var name: String

        func run() throws {
            let config = try common.resolve()
            let store = try CommonOptions.configStore(config)
            guard try store.removeSavedReport(name: name) else { throw ValidationErrorText("no saved report named \"\(name)\"") }
            print("removed saved report \"\(name)\"" + (try CommonOptions.configNote(config)))
        }
    }
}
