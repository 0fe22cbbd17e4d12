import ExperimentKit
import Foundation
import NumericsCore
import ResultStore
import Specs

/// A run point joined with its stored run (if any).
public struct PlannedRun: Sendable {
    /// The point of the plan.
    public var point: RunPoint
    /// The stored run, or nil when it has not run yet.
    public var stored: StoredRun?
}

/// The verdict of one claim.
public struct ClaimVerdict: Sendable {
    /// The claim.
    public var claim: Claim
    /// The measured value, nil when nothing could be measured.
    public var measured: Double?
    /// True when the expectation holds for the measured value.
    public var passed: Bool
    /// How the value was formed (runs used, per-group values, runs left out).
    public var detail: String
}

/// Evaluates a spec's claims on its stored runs. Only runs with status `ok` enter a claim;
/// diverged, failed or missing runs are counted in the detail, and a claim with no usable
/// run fails as "not measured".
public struct ClaimEvaluator: Sendable {
    /// Creates an evaluator.
    public init() {}

    /// Joins the plan with the store.
    public static func join(_ points: [RunPoint], store: ResultStore) throws(StoreError) -> [PlannedRun] {
        let runs = try store.runs(keys: points.map(\.identity.key))
        var byKey: [String: StoredRun] = [:]
        for run in runs { byKey[run.record.key] = run }
        return points.map { PlannedRun(point: $0, stored: byKey[$0.identity.key]) }
    }

    /// Evaluates every claim of `spec`.
    public func evaluate(_ spec: Spec, runs: [PlannedRun]) -> [ClaimVerdict] {
        spec.claims.map { evaluate($0, runs: runs) }
    }

    /// Evaluates one claim.
    public func evaluate(_ claim: Claim, runs: [PlannedRun]) -> ClaimVerdict {
        let selected = runs.filter { claim.matches($0.point.parameters) }
        var notes: [String] = []
        let value: Double?
        if let reference = claim.versusFilter {
            let denominatorRuns = runs.filter { $0.point.parameters.contains(reference) }
            let top = aggregate(claim, selected, &notes, label: "where")
            let bottom = aggregate(claim, denominatorRuns, &notes, label: "versus")
            value = top.flatMap { t in bottom.map { t / $0 } }
        } else if let axis = claim.across, let statistic = claim.statistic {
            var groups: [(x: Double, y: Double)] = []
            let values = Dictionary(grouping: selected) { $0.point.parameters[axis] }
            for (key, group) in values {
                guard let key, let x = key.asDouble else { continue }
                if let y = aggregate(claim, group, &notes, label: "\(axis)=\(key)") { groups.append((x, y)) }
            }
            groups.sort { $0.x < $1.x }
            value = Self.statistic(statistic, groups)
            notes.append("\(axis) → " + groups.map { "\(CSV.number($0.x)): \(Self.format($0.y))" }.joined(separator: ", "))
        } else {
            value = aggregate(claim, selected, &notes, label: nil)
        }
        let measured = value.flatMap { $0.isNaN ? nil : $0 }
        let passed = measured.map { claim.expect.holds(for: $0) } ?? false
        return ClaimVerdict(claim: claim, measured: measured, passed: passed, detail: notes.joined(separator: "; "))
    }

    /// The claim's aggregate of its metric over the ok runs of `runs`; notes how many runs
    /// entered and how many were left out and why.
    func aggregate(_ claim: Claim, _ runs: [PlannedRun], _ notes: inout [String], label: String?) -> Double? {
        var values: [Double] = []
        var missing = 0, notOK = 0, noMetric = 0
        for run in runs {
            guard let stored = run.stored else { missing += 1; continue }
            guard stored.record.status == RunStatus.ok.rawValue else { notOK += 1; continue }
            guard let v = stored.metrics[claim.metric], !v.isNaN else { noMetric += 1; continue }
            values.append(v)
        }
        var note = (label.map { "\($0): " } ?? "") + "\(claim.aggregate.rawValue) of \(values.count) runs"
        if missing > 0 { note += ", \(missing) not run" }
        if notOK > 0 { note += ", \(notOK) diverged/failed" }
        if noMetric > 0 { note += ", \(noMetric) without \(claim.metric)" }
        notes.append(note)
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
