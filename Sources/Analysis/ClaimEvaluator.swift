import ExperimentKit
import Foundation
import NumericsCore
import ResultStore
import Specs

/// A claim's verdict.
public enum Verdict: String, Sendable, CaseIterable {
    /// Every selected run is stored and current, and the expectation holds.
    case pass = "PASS"
    /// Every selected run is stored and current, and the expectation does not hold (or
    /// nothing could be measured on them).
    case fail = "FAIL"
    /// The claim does not hold, as its spec documents (`deviation:`): measured, not a bug,
    /// explained.
    case deviates = "DEVIATES"
    /// Some selected run is missing, stale or failed: no verdict on partial data.
    case incomplete = "INCOMPLETE"
}

/// The verdict of one claim.
public struct ClaimVerdict: Sendable {
    /// The claim.
    public var claim: Claim
    /// The measured value, nil when nothing could be measured.
    public var measured: Double?
    /// PASS, FAIL, DEVIATES or INCOMPLETE.
    public var verdict: Verdict
    /// Runs whose value entered the measurement.
    public var entered: Int
    /// Runs the claim selects in the plan (its `where` and `versus` groups).
    public var planned: Int
    /// How the value was formed (runs used, per-group values, runs left out).
    public var detail: String
    /// The fraction of bootstrap resamples of the replicates on which the claim holds; nil
    /// when the claim was not measured on at least two replicates of every point.
    public var probability: Double?
    /// How far the measured value is inside (+) or outside (−) the expectation, relative to
    /// the bound (`Expectation.margin`).
    public var margin: Double?
    /// For a fragile verdict, the replicates a stable one needs (`Bootstrap.replicatesNeeded`).
    public var replicatesNeeded: Int?

    /// True when the verdict is PASS.
    public var passed: Bool { verdict == .pass }

    /// True when the claim passes although its spec documents a deviation: the spec is out of date.
    public var deviationOutOfDate: Bool { verdict == .pass && claim.deviation != nil }

    /// True when P(PASS) is strictly between 0.1 and 0.9: another draw of the replicates could
    /// well turn the verdict.
    public var isFragile: Bool { probability.map { $0 > 0.1 && $0 < 0.9 } ?? false }

    /// The verdict as shown: `PASS`, `FAIL`, `DEVIATES`, `INCOMPLETE`, `PASS (deviation out of date)`.
    public var label: String { deviationOutOfDate ? "PASS (deviation out of date)" : verdict.rawValue }

    /// `0.97`, or `-` when not bootstrapped.
    public var probabilityText: String { probability.map { String(format: "%.2f", $0) } ?? "-" }

    /// `+35%`, or `-` when not measured.
    public var marginText: String { margin.map { String(format: "%+.0f%%", 100 * $0) } ?? "-" }

    /// `entered/planned`, e.g. `6/9`.
    public var runsText: String { "\(entered)/\(planned)" }
}

/// Evaluates a spec's claims on its planned runs. Only current runs with status `ok` enter a
/// claim; diverged runs are left out and counted in the detail. A claim some of whose selected
/// runs are missing, stale or failed is INCOMPLETE, whatever its value on the others.
public struct ClaimEvaluator: Sendable {
    /// Creates an evaluator.
    public init() {}

    /// Evaluates every claim of the study's spec on its runs.
    public func evaluate(_ study: Study) -> [ClaimVerdict] {
        evaluate(study.spec, runs: study.runs)
    }

    /// Evaluates every claim of `spec`, each with a bootstrap over its `replicates`.
    public func evaluate<Run: ClaimRun>(_ spec: Spec, runs: [Run]) -> [ClaimVerdict] {
        spec.claims.map { evaluate($0, runs: runs, replicates: spec.replicates, seed: Bootstrap.seed(specID: spec.id, claimID: $0.id)) }
    }

    /// Evaluates one claim; with `replicates` ≥ 2, also P(PASS) over bootstrap resamples of them.
    public func evaluate<Run: ClaimRun>(_ claim: Claim, runs: [Run], replicates: Int = 1, seed: UInt64 = 0) -> ClaimVerdict {
        var tally = Tally()
        let measured = value(claim, runs, &tally).flatMap { $0.isNaN ? nil : $0 }
        let verdict: Verdict
        if tally.incomplete {
            verdict = .incomplete
        } else if measured.map({ claim.expect.holds(for: $0) }) == true {
            verdict = .pass
        } else {
            // A documented deviation is a measured value that misses: nothing measured is a failure.
            verdict = claim.deviation != nil && measured != nil ? .deviates : .fail
        }
        var result = ClaimVerdict(claim: claim, measured: measured, verdict: verdict, entered: tally.entered,
                                  planned: tally.planned, detail: tally.notes.joined(separator: "; "))
        guard verdict != .incomplete, let measured else { return result }
        result.margin = claim.expect.margin(measured)
        let resampled = Bootstrap().resample(claim, runs: runs, replicates: replicates, seed: seed) { claim, runs in
            var ignored = Tally()
            return self.value(claim, runs, &ignored)
        }
        if let resampled {
            result.probability = resampled.probability
            if result.isFragile {
                result.replicatesNeeded = Bootstrap.replicatesNeeded(measured: measured, values: resampled.values,
                                                                     expect: claim.expect, replicates: replicates)
            }
        }
        return result
    }

    /// The claim's value on `runs`, counting in `tally` what entered and what is missing.
    func value<Run: ClaimRun>(_ claim: Claim, _ runs: [Run], _ tally: inout Tally) -> Double? {
        let selected = runs.filter { claim.matches($0.parameters) }
        let value: Double?
        if let reference = claim.versusFilter {
            let denominatorRuns = runs.filter { $0.parameters.contains(reference) }
            let top = aggregate(claim, selected, &tally, label: "where")
            let bottom = aggregate(claim, denominatorRuns, &tally, label: "versus")
            value = top.flatMap { t in bottom.map { t / $0 } }
        } else if let axis = claim.across, let statistic = claim.statistic {
            var groups: [(x: Double, y: Double)] = []
            var unmeasured: [String] = [], labels: [String] = []
            let values = Dictionary(grouping: selected) { $0.parameters[axis] }
            // A statistic that does not read x (min, max, their difference and ratio) also
            // takes an axis of names (a solver, an algorithm): its values stand at 0, 1, ….
            let ordered = values.sorted { a, b in
                switch (a.key?.asDouble, b.key?.asDouble) {
                case let (x?, y?): return x < y
                default: return "\(a.key.map { "\($0)" } ?? "")" < "\(b.key.map { "\($0)" } ?? "")"
                }
            }
            for (position, (key, group)) in ordered.enumerated() {
                guard let key else { continue }
                guard let x = key.asDouble ?? (statistic.readsAxisValues ? nil : Double(position)) else {
                    unmeasured.append("\(key) (not a number: \(statistic.rawValue) needs numeric values)")
                    continue
                }
                if let y = aggregate(claim, group, &tally, label: "\(axis)=\(key)") {
                    groups.append((x, y))
                    labels.append(key.asDouble.map { CSV.number($0) } ?? "\(key)")
                } else {
                    unmeasured.append("\(key)")
                }
            }
            tally.notes.append("\(axis) → " + zip(labels, groups).map { "\($0): \(Self.format($1.y))" }
                .joined(separator: ", "))
            // A statistic over the axis values that have a value would hide the others: a claim
            // across an axis is measured only when every value of the axis is.
            if unmeasured.isEmpty {
                value = Self.statistic(statistic, groups)
            } else {
                value = nil
                tally.notes.append("not measured at \(axis) = " + unmeasured.joined(separator: ", "))
            }
        } else {
            value = aggregate(claim, selected, &tally, label: nil)
        }
        return value
    }

    /// What the groups of a claim counted.
    struct Tally {
        var entered = 0, planned = 0
        var incomplete = false
        var notes: [String] = []
    }

    /// The claim's aggregate of its metric over the current ok runs of `runs`; notes how many
    /// runs entered and how many were left out and why.
    func aggregate<Run: ClaimRun>(_ claim: Claim, _ runs: [Run], _ tally: inout Tally, label: String?) -> Double? {
        var values: [Double] = []
        var missing = 0, stale = 0, diverged = 0, failed = 0, noMetric = 0
        for run in runs {
            switch run.state {
            case .missing: missing += 1
            case .stale: stale += 1
            case .stored(.failed): failed += 1
            case .stored(.diverged): diverged += 1
            case .stored(.ok):
                guard let v = run.metric(claim.metric), !v.isNaN else { noMetric += 1; continue }
                values.append(v)
            }
        }
        var note = (label.map { "\($0): " } ?? "") + "\(claim.aggregate.rawValue) of \(values.count) runs"
        if missing > 0 { note += ", \(missing) not run" }
        if stale > 0 { note += ", \(stale) stale" }
        if failed > 0 { note += ", \(failed) failed" }
        if diverged > 0 { note += ", \(diverged) diverged" }
        if noMetric > 0 { note += ", \(noMetric) without \(claim.metric)" }
        tally.notes.append(note)
        tally.entered += values.count
        tally.planned += runs.count
        if missing + stale + failed > 0 { tally.incomplete = true }
        guard !values.isEmpty else { return nil }
        return claim.aggregate.apply(values)
    }

    /// The claim's statistic over (axis value, aggregate) points.
    static func statistic(_ statistic: ClaimStatistic, _ points: [(x: Double, y: Double)]) -> Double? {
        switch statistic {
        case .slope:
            return Statistics.linearFit(x: points.map(\.x), y: points.map(\.y))?.slope
        case .loglogSlope:
            let usable = points.filter { $0.x > 0 && $0.y > 0 }
            return Statistics.linearFit(x: usable.map { log($0.x) }, y: usable.map { log($0.y) })?.slope
        case .maxOverMin:
            guard let lo = points.map(\.y).min(), let hi = points.map(\.y).max(), lo > 0 else { return nil }
            return hi / lo
        case .maxMinusMin:
            guard let lo = points.map(\.y).min(), let hi = points.map(\.y).max() else { return nil }
            return hi - lo
        case .min: return points.map(\.y).min()
        case .max: return points.map(\.y).max()
        }
    }

    /// A number with 4 significant digits for tables.
    public static func format(_ x: Double) -> String {
        if x.isInfinite { return x > 0 ? "inf" : "-inf" }
        if x.isNaN { return "nan" }
        if x != 0, abs(x) < 1e-3 || abs(x) >= 1e5 { return String(format: "%.3e", x) }
        return String(format: "%.4g", x)
    }
}
