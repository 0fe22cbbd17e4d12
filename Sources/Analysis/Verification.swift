import ExperimentKit
import Foundation
import ResultStore
import Specs

/// The verdicts of a study's claims: computed, stored, and rendered as a table or Markdown.
public struct StudyVerdicts: Sendable {
    /// The study.
    public var study: Study
    /// One verdict per claim, in the spec's order.
    public var verdicts: [ClaimVerdict]

    /// Evaluates every claim of `study`.
    public init(_ study: Study) {
        self.study = study
        self.verdicts = ClaimEvaluator().evaluate(study)
    }
}

/// Checks studies' claims and renders the verdict table.
public enum Verification {
    /// Stores the verdicts of `result` (replacing earlier ones of its spec).
    public static func save(_ result: StudyVerdicts, into store: ResultStore) throws(StudyError) {
        let now = Date()
        let rows = result.verdicts.map {
            ClaimResultRecord(specID: result.study.spec.id, claimID: $0.claim.id, text: $0.claim.text, measured: $0.measured,
                              expectation: $0.claim.expect.description, passed: $0.passed, verdict: $0.verdict.rawValue,
                              detail: $0.detail, evaluatedAt: now)
        }
        do { try store.saveClaimResults(specID: result.study.spec.id, rows) } catch { throw .store(error) }
    }

    /// The exit code of `repro verify` (DESIGN.md, "Studies and verdicts"): 1 when a claim
    /// failed or a planned run failed, else 3 when a claim is incomplete, else 0.
    public static func exitCode(_ results: [StudyVerdicts]) -> Int32 {
        let verdicts = results.flatMap(\.verdicts)
        if verdicts.contains(where: { $0.verdict == .fail }) || results.contains(where: { $0.study.counts.failed > 0 }) {
            return 1
        }
        return verdicts.contains(where: { $0.verdict == .incomplete }) ? 3 : 0
    }

    /// `12 pass, 1 fail, 2 incomplete (of 15 claims)`.
    public static func summary(_ results: [StudyVerdicts]) -> String {
        let verdicts = results.flatMap(\.verdicts)
        let count = { (v: Verdict) in verdicts.filter { $0.verdict == v }.count }
        return "\(count(.pass)) pass, \(count(.fail)) fail, \(count(.incomplete)) incomplete (of \(verdicts.count) claims)"
    }

    /// Plain-text verdict table: one line per claim, columns aligned; `runs` is the runs that
    /// entered over the runs the claim selects in the plan.
    public static func table(_ results: [StudyVerdicts]) -> String {
        let header = ["spec", "claim", "measured", "expected", "runs", "verdict"]
        let body = results.flatMap { result in
            result.verdicts.map { v in
                [result.study.spec.id, v.claim.id, v.measured.map(ClaimEvaluator.format) ?? "not measured",
                 v.claim.expect.description, v.runsText, v.verdict.rawValue]
            }
        }
        let widths = header.indices.map { i in ([header] + body).map { $0[i].count }.max() ?? 0 }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { i, c in c.padding(toLength: widths[i], withPad: " ", startingAt: 0) }
                .joined(separator: "  ").trimmingCharacters(in: .whitespaces)
        }
        return ([line(header)] + body.map(line)).joined(separator: "\n") + "\n"
    }

    /// Markdown report: per spec, its title, the plan in force, and a table of claims with
    /// text, value, expectation, runs, verdict and how the value was formed.
    public static func markdown(_ results: [StudyVerdicts]) -> String {
        var out = "# Claim verification\n\n" + summary(results) + ".\n\n"
        for result in results {
            let spec = result.study.spec
            out += "## \(spec.id): \(spec.title)\n\nSpec: `\(spec.path)`, paper `\(spec.paper)`, model `\(spec.model)`"
            out += result.study.plan.isFilePlan ? ".\n\n" : "; plan: `\(result.study.plan.flags)`.\n\n"
            out += "| claim | statement | measured | expected | runs | verdict | how |\n|---|---|---|---|---|---|---|\n"
            for v in result.verdicts {
                let verdict = v.verdict == .pass ? v.verdict.rawValue : "**\(v.verdict.rawValue)**"
                let cells = [v.claim.id, v.claim.text, v.measured.map(ClaimEvaluator.format) ?? "not measured",
                             v.claim.expect.description, v.runsText, verdict, v.detail]
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
