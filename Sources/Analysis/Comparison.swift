import ExperimentKit
import Foundation
import ResultStore
import Specs

/// One compared value: a metric (or the status) of one run, i.e. one sweep point and
/// replicate, as side A and side B hold it.
public struct ValueComparison: Sendable, Equatable {
    /// The sweep values of the run, `search_rank = 4`.
    public var point: String
    /// Replicate index.
    public var replicate: Int
    /// Metric name, or `status` for the run's status.
    public var metric: String
    /// Side A's value as text (`-` when A has no such run or metric).
    public var a: String
    /// Side B's value as text.
    public var b: String
    /// B − A when both are numbers.
    public var difference: Double?
    /// True when the sides disagree (beyond the tolerance for numbers).
    public var differs: Bool
}

/// One claim's verdict on side A and on side B.
public struct VerdictComparison: Sendable {
    /// Verdict on A's runs.
    public var a: ClaimVerdict
    /// Verdict on B's runs.
    public var b: ClaimVerdict

    /// `=` when the verdicts agree, else `a→b` in lower case (`pass→fail`, `incomplete→pass`).
    public var change: String {
        a.verdict == b.verdict ? "=" : "\(a.verdict.rawValue.lowercased())→\(b.verdict.rawValue.lowercased())"
    }

    /// True when the claim passed on A and fails on B (a change to INCOMPLETE or DEVIATES is not
    /// a regression: the first is missing data, the second a documented deviation).
    public var isRegression: Bool { a.verdict == .pass && b.verdict == .fail }
}

/// Everything compared for one spec.
public struct SpecComparison: Sendable {
    /// The spec.
    public var spec: Spec
    /// One entry per (run, metric) present on either side, in plan order, metrics sorted.
    public var values: [ValueComparison]
    /// One entry per claim, in file order.
    public var verdicts: [VerdictComparison]
    /// Planned runs stored on both sides, only on A, only on B.
    public var onBoth: Int, onlyA: Int, onlyB: Int
}

/// Compares a spec's runs on two sides (two stores, or two commits' runs of one store):
/// every metric of every planned run side by side, and every claim's verdict on each side.
public struct Comparison: Sendable {
    /// Largest relative difference |b − a| / max(|a|, |b|) still counted as equal (0: exact).
    public var tolerance: Double

    /// Creates a comparison with a relative `tolerance` (0 compares exactly).
    public init(tolerance: Double = 0) { self.tolerance = tolerance }

    /// Side by side: `a` and `b` are the spec's plan joined with each side's runs (same points,
    /// same order).
    public func compare(_ spec: Spec, a: [PlannedRun], b: [PlannedRun]) -> SpecComparison {
        var values: [ValueComparison] = []
        var both = 0, onlyA = 0, onlyB = 0
        for (ra, rb) in zip(a, b) {
            switch (ra.stored, rb.stored) {
            case (.some, .some): both += 1
            case (.some, .none): onlyA += 1
            case (.none, .some): onlyB += 1
            case (.none, .none): continue
            }
            let point = ra.point.sweepValues.values.sorted { $0.key < $1.key }.map { "\($0.key) = \($0.value)" }
                .joined(separator: ", ")
            let statusA = ra.stored?.record.status ?? "-", statusB = rb.stored?.record.status ?? "-"
            values.append(ValueComparison(point: point, replicate: ra.point.replicate, metric: "status", a: statusA,
                                          b: statusB, difference: nil, differs: statusA != statusB))
            let names = Set(ra.stored?.metrics.keys.map { $0 } ?? []).union(rb.stored?.metrics.keys.map { $0 } ?? [])
            for name in names.sorted() {
                let x = ra.stored?.metrics[name], y = rb.stored?.metrics[name]
                let difference = x.flatMap { x in y.map { $0 - x } }
                values.append(ValueComparison(point: point, replicate: ra.point.replicate, metric: name,
                                              a: x.map(ClaimEvaluator.format) ?? "-", b: y.map(ClaimEvaluator.format) ?? "-",
                                              difference: difference, differs: !equal(x, y)))
            }
        }
        let evaluator = ClaimEvaluator()
        let verdicts = zip(evaluator.evaluate(spec, runs: a), evaluator.evaluate(spec, runs: b)).map {
            VerdictComparison(a: $0, b: $1)
        }
        return SpecComparison(spec: spec, values: values, verdicts: verdicts, onBoth: both, onlyA: onlyA, onlyB: onlyB)
    }

    /// True when both are missing, both NaN, identical, or within the relative tolerance.
    func equal(_ x: Double?, _ y: Double?) -> Bool {
        guard let x, let y else { return x == nil && y == nil }
        if x == y || (x.isNaN && y.isNaN) { return true }
        guard x.isFinite, y.isFinite, tolerance > 0 else { return false }
        return abs(y - x) <= tolerance * max(abs(x), abs(y))
    }

    /// The runs of `runs` (of one store) joined to the plan by parameters and replicate
    /// instead of run key, for runs of one spec made at different commits.
    public static func join(_ points: [RunPoint], runs: [StoredRun]) -> [PlannedRun] {
        var byPoint: [String: StoredRun] = [:]
        for run in runs { byPoint["\(run.record.replicate) \(run.record.parametersJSON)"] = run }
        return points.map { PlannedRun(point: $0, stored: byPoint["\($0.replicate) \($0.parameters.canonicalJSON)"]) }
    }

    /// The text report: per spec, a line of run counts, the values that differ (all values
    /// with `all`), and the claims with their verdicts on both sides.
    public static func render(_ comparisons: [SpecComparison], labels: (String, String), all: Bool) -> String {
        var out = "A = \(labels.0)\nB = \(labels.1)\n"
        for c in comparisons {
            let shown = all ? c.values : c.values.filter(\.differs)
            let differing = c.values.filter(\.differs).count
            out += "\n\(c.spec.id): runs on both \(c.onBoth), only in A \(c.onlyA), only in B \(c.onlyB); "
                + "\(differing) of \(c.values.count) values differ\n"
            if !shown.isEmpty {
                let rows = shown.map { v in
                    [v.point, String(v.replicate), v.metric, v.a, v.b, v.difference.map(ClaimEvaluator.format) ?? "",
                     v.differs ? "*" : ""]
                }
                out += aligned(["point", "replicate", "metric", "A", "B", "B - A", "differs"], rows) + "\n"
            }
            if !c.verdicts.isEmpty {
                let rows = c.verdicts.map { v in
                    [v.a.claim.id, v.a.measured.map(ClaimEvaluator.format) ?? "not measured", v.a.verdict.rawValue,
                     v.b.measured.map(ClaimEvaluator.format) ?? "not measured", v.b.verdict.rawValue, v.change]
                }
                out += aligned(["claim", "A measured", "A", "B measured", "B", "verdict"], rows)
            }
        }
        let regressions = comparisons.flatMap(\.verdicts).filter(\.isRegression)
        out += "\n\(regressions.count) claim(s) went from pass to fail"
            + (regressions.isEmpty ? "" : ": " + regressions.map(\.a.claim.id).joined(separator: ", ")) + "\n"
        return out
    }

    /// Columns padded to their widest cell, two spaces apart.
    static func aligned(_ header: [String], _ rows: [[String]]) -> String {
        let widths = header.indices.map { i in ([header] + rows).map { $0[i].count }.max() ?? 0 }
        return ([header] + rows).map { cells in
            cells.enumerated().map { $0.element.padding(toLength: widths[$0.offset], withPad: " ", startingAt: 0) }
                .joined(separator: "  ").trimmingCharacters(in: .whitespaces)
        }.joined(separator: "\n") + "\n"
    }
}
