import Analysis
import ArgumentParser
import Foundation
import Runner

/// `repro status SPEC`: what is stored, what is missing, and why each run would (not) run.
struct StatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Count a spec's planned runs by state (done, missing, stale); --why explains each run.")

    @Argument(help: "A spec file (YAML).")
    var spec: String

    @OptionGroup var plan: PlanOptions
    @OptionGroup var store: StoreOptions

    @Flag(help: "One line per run: its key, sweep values, replicate, and why it would or would not run.")
    var why = false

    @Option(help: ArgumentHelp("Explain as `repro run --shard I/N` would decide.", valueName: "I/N"))
    var shard: String?

    @Flag(help: "Explain as `repro run --rerun` would decide.")
    var rerun = false

    @Flag(help: "Explain as `repro run --rerun-failed` would decide.")
    var rerunFailed = false

    func validate() throws {
        if let shard {
            do { _ = try Shard(parsing: shard) } catch { throw ValidationError(error.description) }
        }
    }

    func run() throws {
        let studies = try plan.studies([spec]) {
            FileManager.default.fileExists(atPath: store.path) ? try store.openForReading() : nil
        }
        guard let study = studies.first else { return }
        let options = SweepOptions(rerun: rerun, rerunFailed: rerunFailed, shard: try shard.map { try Shard(parsing: $0) })
        let report = StatusReport(study, options: options)
        Console.out(report.summary + "\n")
        if why { Console.out(report.lines.map { $0 + "\n" }.joined()) }
    }
}
