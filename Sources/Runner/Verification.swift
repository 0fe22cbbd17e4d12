import ExperimentKit
import Foundation
import ResultStore
import Specs

/// Checks a spec's claims against the store and renders the verdict table.
public struct Verification: Sendable {
    let registry: ModelRegistry
    let store: ResultStore

    /// Creates a verifier reading `store`.
    public init(registry: ModelRegistry, store: ResultStore) {
        self.registry = registry
        self.store = store
    }

    /// The verdicts of every claim of `spec` on the runs its plan names.
    public func verdicts(for spec: Spec) throws(RunnerError) -> [ClaimVerdict] {
        let points = try SweepRunner.plan(spec, registry: registry)
        let runs: [PlannedRun]
        do { runs = try ClaimEvaluator.join(points, store: store) } catch { throw .store(error) }
        return ClaimEvaluator().evaluate(spec, runs: runs)
    }

    /// Stores the verdicts (replacing earlier ones of the spec).
    public func save(_ verdicts: [ClaimVerdict], of spec: Spec) throws(RunnerError) {
        let now = Date()
        let rows = verdicts.map {
            ClaimResultRecord(specID: spec.id, claimID: $0.claim.id, text: $0.claim.text, measured: $0.measured,
                              expectation: $0.claim.expect.description, passed: $0.passed, detail: $0.detail,
                              evaluatedAt: now)
        }
        do { try store.saveClaimResults(specID: spec.id, rows) } catch { throw .store(error) }
    }

    /// Plain-text verdict table: one line per claim, columns aligned.
    public static func table(_ rows: [(spec: String, verdict: ClaimVerdict)]) -> String {
        let header = ["spec", "claim", "measured", "expected", "verdict"]
        let body = rows.map { row in
            [row.spec, row.verdict.claim.id, row.verdict.measured.map(ClaimEvaluator.format) ?? "not measured",
             row.verdict.claim.expect.description, row.verdict.passed ? "PASS" : "FAIL"]
        }
        let widths = header.indices.map { i in ([header] + body).map { $0[i].count }.max() ?? 0 }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { i, c in c.padding(toLength: widths[i], withPad: " ", startingAt: 0) }
                .joined(separator: "  ").trimmingCharacters(in: .whitespaces)
        }
        return ([line(header)] + body.map(line)).joined(separator: "\n") + "\n"
    }

    /// Markdown report: per spec, its title and a table of claims with text, value,
    /// expectation, verdict and how the value was formed.
    public static func markdown(_ specs: [(spec: Spec, verdicts: [ClaimVerdict])]) -> String {
        var out = "# Claim verification\n\n"
        let all = specs.flatMap(\.verdicts)
        out += "\(all.filter(\.passed).count) of \(all.count) claims pass.\n\n"
        for (spec, verdicts) in specs {
            out += "## \(spec.id): \(spec.title)\n\nSpec: `\(spec.path)`, paper `\(spec.paper)`, model `\(spec.model)`.\n\n"
            out += "| claim | statement | measured | expected | verdict | how |\n|---|---|---|---|---|---|\n"
            for v in verdicts {
                let cells = [v.claim.id, v.claim.text, v.measured.map(ClaimEvaluator.format) ?? "not measured",
                             v.claim.expect.description, v.passed ? "PASS" : "**FAIL**", v.detail]
                out += "| " + cells.map { $0.replacingOccurrences(of: "|", with: "\\|") }.joined(separator: " | ") + " |\n"
            }
            if let notes = spec.notes, !notes.isEmpty {
                out += "\nNotes: " + notes.split(separator: "\n").joined(separator: " ") + "\n"
            }
            out += "\n"
        }
        return out
    }
}
