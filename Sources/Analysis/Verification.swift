import ExperimentKit
import Foundation
import ResultStore
import Specs

/// The verdicts of a study's claims: computed, stored, and rendered as a table or Markdown.
public struct StudyVerdicts: Sendable {
    /// The spec after overrides.
    public var spec: Spec
    /// The overrides in force.
    public var plan: PlanChoice
    /// The planned runs by state.
    public var counts: StudyCounts
    /// One verdict per claim, in the spec's order.
    public var verdicts: [ClaimVerdict]

    /// Evaluates every claim of `study`.
    public init(_ study: Study) {
        spec = study.spec
        plan = study.plan
        counts = study.counts
        verdicts = ClaimEvaluator().evaluate(study)
    }

    /// Evaluates every claim of `stream`'s spec on its runs in `store`, read one plan group at
    /// a time. A claim reads only the runs its `where` (or `versus`) selects, and of those only
    /// parameters, replicate, state and its metric: those are kept (`ClaimValues`), the other
    /// runs only counted. The same verdicts as `init(_:)` on the whole study.
    public init(stream: StudyStream, store: ResultStore) throws {
        spec = stream.spec
        plan = stream.plan
        var names: [String] = []
        for claim in stream.spec.claims where !names.contains(claim.metric) { names.append(claim.metric) }
        let claims = stream.spec.claims
        var runs: [ClaimValues] = []
        var counts = StudyCounts(planned: 0)
        try stream.forEachGroup(joinedWith: store) { group in
            counts.add(group)
            // The runs of a group share their parameters: one test decides for the group.
            guard let parameters = group.first?.point.parameters,
                  claims.contains(where: { $0.matches(parameters) || $0.versusFilter.map(parameters.contains) == true })
            else { return }
            runs += group.map { ClaimValues($0, names: names) }
        }
        self.counts = counts
        verdicts = ClaimEvaluator().evaluate(stream.spec, runs: runs)
    }
}

/// Checks studies' claims and renders the verdict table.
public enum Verification {
    /// Stores the verdicts of `result` (replacing earlier ones of its spec).
    public static func save(_ result: StudyVerdicts, into store: ResultStore) throws(StudyError) {
        let now = Date()
        let rows = result.verdicts.map {
            ClaimResultRecord(specID: result.spec.id, claimID: $0.claim.id, text: $0.claim.text, measured: $0.measured,
                              expectation: $0.claim.expect.description, passed: $0.passed, verdict: $0.verdict.rawValue,
                              detail: $0.detail, evaluatedAt: now)
        }
        do { try store.saveClaimResults(specID: result.spec.id, rows) } catch { throw .store(error) }
    }

    /// The exit code of `repro verify` (DESIGN.md, "Studies and verdicts"): 1 when a claim
    /// failed, a documented deviation now passes, a planned run failed, or (with `strict`) a
    /// verdict is fragile; else 3 when a claim is incomplete; else 0.
    public static func exitCode(_ results: [StudyVerdicts], strict: Bool = false) -> Int32 {
        let verdicts = results.flatMap(\.verdicts)
        if verdicts.contains(where: { $0.verdict == .fail || $0.deviationOutOfDate || (strict && $0.isFragile) })
            || results.contains(where: { $0.counts.failed > 0 }) {
            return 1
        }
        return verdicts.contains(where: { $0.verdict == .incomplete }) ? 3 : 0
    }

    /// `70 reproduced, 2 deviate (documented), 0 failed, 0 incomplete`, then the fragile
    /// verdicts and out-of-date deviations when there are any.
    public static func summary(_ results: [StudyVerdicts]) -> String {
        summary(verdicts: results.flatMap(\.verdicts))
    }

    /// The summary line of `verdicts` (see `summary(_:)`).
    public static func summary(verdicts: [ClaimVerdict]) -> String {
        let count = { (v: Verdict) in verdicts.filter { $0.verdict == v && !$0.deviationOutOfDate }.count }
        var text = "\(count(.pass)) reproduced, \(count(.deviates)) deviate (documented), \(count(.fail)) failed, "
            + "\(count(.incomplete)) incomplete"
        let outOfDate = verdicts.filter(\.deviationOutOfDate).count
        if outOfDate > 0 { text += "; \(outOfDate) documented deviation(s) now pass: update the spec" }
        let fragile = verdicts.filter(\.isFragile).count
        if fragile > 0 { text += "; \(fragile) fragile (P(PASS) between 0.1 and 0.9)" }
        return text
    }

    /// Plain-text verdict table: one line per claim, columns aligned: the source's kind, the
    /// measured value and the expectation, the margin to the bound, P(PASS) over bootstrap
    /// resamples of the replicates, the runs that entered over the runs selected, the verdict
    /// (marked `fragile` when P(PASS) is between 0.1 and 0.9, with the replicates a stable
    /// verdict needs).
    public static func table(_ results: [StudyVerdicts]) -> String {
        let header = ["spec", "claim", "source", "measured", "expected", "margin", "P(PASS)", "runs", "verdict"]
        let body = results.flatMap { result in
            result.verdicts.map { v in
                [result.spec.id, v.claim.id, v.claim.source?.kind ?? "-",
                 v.measured.map(ClaimEvaluator.format) ?? "not measured", v.claim.expect.description, v.marginText,
                 v.probabilityText, v.runsText, v.label + fragility(v)]
            }
        }
        let widths = header.indices.map { i in ([header] + body).map { $0[i].count }.max() ?? 0 }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { i, c in c.padding(toLength: widths[i], withPad: " ", startingAt: 0) }
                .joined(separator: "  ").trimmingCharacters(in: .whitespaces)
        }
        return ([line(header)] + body.map(line)).joined(separator: "\n") + "\n"
    }

    /// ` (fragile: ~12 replicates for a stable verdict)` for a fragile verdict, else "".
    static func fragility(_ v: ClaimVerdict) -> String {
        guard v.isFragile else { return "" }
        return " (fragile" + (v.replicatesNeeded.map { ": ~\($0) replicates for a stable verdict" } ?? "") + ")"
    }

    /// Markdown report: per spec, its title, the plan in force, and a table of claims with
    /// text, source, value, expectation, margin, P(PASS), runs, verdict and how the value was
    /// formed; documented deviations in full; then the fragile verdicts.
    public static func markdown(_ results: [StudyVerdicts]) -> String {
        var out = "# Claim verification\n\n" + summary(results) + ".\n\n"
        for result in results {
            let spec = result.spec
            out += "## \(spec.id): \(spec.title)\n\nSpec: `\(spec.path)`, paper `\(spec.paper)`, model `\(spec.model)`"
            out += result.plan.isFilePlan ? ".\n\n" : "; plan: `\(result.plan.flags)`.\n\n"
            out += markdownTable(result.verdicts)
            out += deviations(result.verdicts)
            if let notes = spec.notes, !notes.isEmpty {
                out += "\nNotes: " + notes.split(separator: "\n").joined(separator: " ") + "\n"
            }
            out += "\n"
        }
        out += fragileSection(results.flatMap { r in r.verdicts.map { (r.spec.id, $0) } })
        return out
    }

    /// The claims of one spec as a Markdown table.
    public static func markdownTable(_ verdicts: [ClaimVerdict]) -> String {
        var out = "| claim | statement | source | measured | expected | margin | P(PASS) | runs | verdict | how |\n"
            + "|---|---|---|---|---|---|---|---|---|---|\n"
        for v in verdicts {
            let verdict = v.verdict == .pass && !v.deviationOutOfDate ? v.label : "**\(v.label)**"
            let cells = [v.claim.id, v.claim.text, v.claim.source?.description ?? "-",
                         v.measured.map(ClaimEvaluator.format) ?? "not measured", v.claim.expect.description, v.marginText,
                         v.probabilityText, v.runsText, verdict + fragility(v), v.detail]
            out += "| " + cells.map { $0.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ") }
                .joined(separator: " | ") + " |\n"
        }
        return out
    }

    /// The documented deviations among `verdicts`, in full.
    public static func deviations(_ verdicts: [ClaimVerdict]) -> String {
        let documented = verdicts.compactMap { v in v.claim.deviation.map { (v.claim.id, $0, v.deviationOutOfDate) } }
        guard !documented.isEmpty else { return "" }
        var out = "\nDocumented deviations:\n\n"
        for (id, deviation, outOfDate) in documented {
            out += "- `\(id)`" + (outOfDate ? " (**now passes: the spec is out of date**)" : "")
                + ": measured: \(deviation.measured) Tried: \(deviation.tried) Explanation: \(deviation.explanation)\n"
        }
        return out
    }

    /// The fragile verdicts, with the replicates a stable verdict needs; "" when none.
    public static func fragileSection(_ verdicts: [(spec: String, verdict: ClaimVerdict)]) -> String {
        let fragile = verdicts.filter { $0.verdict.isFragile }
        guard !fragile.isEmpty else { return "" }
        var out = "## Fragile verdicts\n\nP(PASS) over bootstrap resamples of the replicates is between 0.1 and 0.9: "
            + "another draw of the replicates could turn these verdicts.\n\n"
        for (spec, v) in fragile {
            out += "- `\(spec)` `\(v.claim.id)`: \(v.label), P(PASS) \(v.probabilityText), margin \(v.marginText)"
                + (v.replicatesNeeded.map { "; ~\($0) replicates for a stable verdict" } ?? "") + "\n"
        }
        return out + "\n"
    }
}
