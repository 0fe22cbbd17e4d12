import ArgumentParser
import Foundation
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

    func run() throws {
        guard let loaded = try plan.load([spec]).first else { return }
        let points = try RunCommand.planned(loaded)
        var stored: [String: String] = [:]
        if FileManager.default.fileExists(atPath: store.path) {
            let db = try store.openForReading()
            do {
                for run in try db.runs(keys: points.map(\.identity.key)) { stored[run.record.key] = run.record.status }
            } catch { throw CLIError(error.description) }
        }
        var counts: [String: Int] = [:]
        for point in points { counts[stored[point.identity.key] ?? "missing", default: 0] += 1 }
        let done = points.count - (counts["missing"] ?? 0)
        Console.out("\(loaded.id): \(points.count) planned, \(done) done (ok \(counts["ok"] ?? 0), "
            + "diverged \(counts["diverged"] ?? 0), failed \(counts["failed"] ?? 0)), missing \(counts["missing"] ?? 0)\n")
        guard why else { return }
        for point in points {
            let values = point.sweepValues.values.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
                .joined(separator: " ")
            let reason: String
            if let status = stored[point.identity.key] {
                reason = "stored (\(status)): will not run; --rerun forces it"
            } else {
                reason = "not in store: will run"
            }
            Console.out("\(point.identity.key.prefix(12))  \(values.isEmpty ? "-" : values)  replicate \(point.replicate)  \(reason)\n")
        }
    }
}
