import ArgumentParser
import Foundation
import ResultStore
import Runner
import Specs

/// `repro status SPEC`: what is stored, what is missing, and why each run would (not) run.
struct StatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Count a spec's planned runs by state; --why explains each run.")

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
        guard let loaded = try plan.load([spec]).first else { return }
        let points = try RunCommand.planned(loaded)
        let options = SweepOptions(rerun: rerun, rerunFailed: rerunFailed, shard: try shard.map(RunCommand.parse(shard:)))
        var stored: [String: StoredRun] = [:]
        if FileManager.default.fileExists(atPath: store.path) {
            let db = try store.openForReading()
            do {
                for run in try db.runs(keys: points.map(\.identity.key)) { stored[run.record.key] = run }
            } catch { throw CLIError(error.description) }
        }
        var counts: [String: Int] = [:]
        for point in points { counts[stored[point.identity.key]?.record.status ?? "missing", default: 0] += 1 }
        let done = points.count - (counts["missing"] ?? 0)
        let decisions = points.map {
            SweepRunner.decide(key: $0.identity.key, status: stored[$0.identity.key]?.record.status, options: options)
        }
        Console.out("\(loaded.id): \(points.count) planned, \(done) done (ok \(counts["ok"] ?? 0), "
            + "diverged \(counts["diverged"] ?? 0), failed \(counts["failed"] ?? 0)), missing \(counts["missing"] ?? 0); "
            + "`repro run` would run \(decisions.filter(\.runs).count)\n")
        guard why else { return }
        for (point, decision) in zip(points, decisions) {
            let values = point.sweepValues.values.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
                .joined(separator: " ")
            let message = stored[point.identity.key]?.record.message.map { ": " + Self.oneLine($0) } ?? ""
            let reason: String
            switch decision {
            case .missing: reason = "not in store: will run"
            case .rerun(let status): reason = "stored (\(status)\(message)): will run again (\(rerun ? "--rerun" : "--rerun-failed"))"
            case .stored(let status):
                let hint = status == "failed" ? "--rerun-failed or --rerun runs it again" : "--rerun forces it"
                reason = "stored (\(status)\(message)): will not run; \(hint)"
            case .otherShard:
                let status = stored[point.identity.key].map { "stored (\($0.record.status))" } ?? "not in store"
                reason = "\(status), in another shard than \(options.shard?.description ?? ""): will not run here"
            }
            Console.out("\(point.identity.key.prefix(12))  \(values.isEmpty ? "-" : values)  replicate \(point.replicate)  \(reason)\n")
        }
    }

    /// `text` on one line, at most 120 characters.
    static func oneLine(_ text: String) -> String {
        let flat = text.replacingOccurrences(of: "\n", with: " ")
        return flat.count > 120 ? String(flat.prefix(117)) + "..." : flat
    }
}
