import Analysis
import Foundation
import ExperimentKit
import Specs

/// `repro status`: a study's planned runs by state, and per run why `repro run` would or
/// would not run it.
public struct StatusReport: Sendable {
    /// The study.
    public var study: Study
    /// The options `repro run` would be given.
    public var options: SweepOptions

    /// Creates the report of `study` under `options`.
    public init(_ study: Study, options: SweepOptions) {
        self.study = study
        self.options = options
    }

    /// `fig1: 45 planned, 40 done (ok 40, diverged 0, failed 0), missing 3, stale 2; repro run would run 5`.
    public var summary: String {
        let runs = study.runs.filter { SweepRunner.decide($0, options: options).runs }.count
        let command = study.plan.isFilePlan ? "repro run" : "repro run \(study.plan.flags)"
        return "\(study.spec.id): \(study.counts.description); `\(command)` would run \(runs)"
    }

    /// One line per planned run: key prefix, sweep values, replicate, and the reason.
    public var lines: [String] {
        study.runs.map { run in
            let values = run.point.sweepValues.values.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
                .joined(separator: " ")
            return "\(run.point.identity.key.prefix(12))  \(values.isEmpty ? "-" : values)  replicate \(run.point.replicate)  "
                + reason(run)
        }
    }

    /// Why `run` would or would not run.
    func reason(_ run: PlannedRun) -> String {
        let record = (run.stored ?? run.stale)?.record
        let message = record?.message.map { ": " + Self.oneLine($0) } ?? ""
        switch SweepRunner.decide(run, options: options) {
        case .missing: return "not in store: will run"
        case .stale: return "stale, \(run.staleReason ?? "other code"): will run again"
        case .rerun(let status):
            return "stored (\(status)\(message)): will run again (\(options.rerun ? "--rerun" : "--rerun-failed"))"
        case .stored(let status):
            let hint = status == RunStatus.failed.rawValue ? "--rerun-failed or --rerun runs it again" : "--rerun forces it"
            return "stored (\(status)\(message)): will not run; \(hint)"
        case .otherShard:
            let state = record.map { "stored (\($0.status))" + (run.stale != nil ? ", stale" : "") } ?? "not in store"
            return "\(state), in another shard than \(options.shard?.description ?? ""): will not run here"
        }
    }

    /// `text` on one line, at most 120 characters.
    static func oneLine(_ text: String) -> String {
        let flat = text.replacingOccurrences(of: "\n", with: " ")
        return flat.count > 120 ? String(flat.prefix(117)) + "..." : flat
    }
}
