import ExperimentKit
import Foundation
import NumericsCore
import Specs

/// Whether two implementations of one experiment agree (a spec's `agreement:`): the verdict of
/// every claim on each side, and per sweep point and metric the aggregate of each side's
/// replicates with their difference under the stated tolerance.
public struct AgreementTable: Sendable {
    /// One claim's verdicts on the two sides.
    public struct ClaimRow: Sendable {
        /// The claim's id.
        public var claim: String
        /// The verdict on this spec's runs, and on the other spec's (nil when it has no claim of that id).
        public var verdict: ClaimVerdict
        public var other: ClaimVerdict?

        /// Equal verdicts.
        public var agrees: Bool { other?.verdict == verdict.verdict }
        /// The verdicts differ but one side's is fragile (its bootstrap P(PASS) is between 0.1 and
        /// 0.9): its replicates do not settle the verdict, so the difference says nothing of the code.
        public var differsWhereFragile: Bool { !agrees && (verdict.isFragile || other?.isFragile == true) }
    }

    /// One metric at one sweep point on the two sides.
    public struct MetricRow: Sendable {
        /// The sweep values of the point, `search_rank=4`.
        public var point: String
        /// The metric.
        public var metric: String
        /// The aggregate over this side's ok runs that have the metric, and their count.
        public var value: Double?, runs: Int
        /// The same over the other side's.
        public var otherValue: Double?, otherRuns: Int
        /// The difference the tolerance measures, when both values exist and it is defined.
        public var difference: Double?
        /// The metric's tolerance.
        public var tolerance: ImplementationAgreement.Tolerance
        /// Both values exist and are within the tolerance.
        public var agrees: Bool
    }

    /// The spec (this side) and the other implementation's spec.
    public var spec: Spec
    public var otherSpec: Spec
    /// The agreement statement.
    public var agreement: ImplementationAgreement
    /// One row per claim of this spec, in file order.
    public var claims: [ClaimRow]
    /// One row per (sweep point, metric), in plan order.
    public var metrics: [MetricRow]

    /// The agreement of `study` (whose spec has `agreement:`) with `other`, the study of the
    /// spec it names. Points are matched by their sweep values.
    public init?(_ study: Study, other: Study) {
        guard let agreement = study.spec.agreement else { return nil }
        spec = study.spec
        otherSpec = other.spec
        self.agreement = agreement
        let otherVerdicts = StudyVerdicts(other).verdicts
        claims = StudyVerdicts(study).verdicts.map { verdict in
            ClaimRow(claim: verdict.claim.id, verdict: verdict, other: otherVerdicts.first { $0.claim.id == verdict.claim.id })
        }
        let here = Self.groups(study), there = Self.groups(other)
        var rows: [MetricRow] = []
        for (point, runs) in here {
            let otherRuns = there.first { $0.point == point }?.runs ?? []
            for (metric, tolerance) in agreement.metrics {
                let a = Self.values(metric, runs), b = Self.values(metric, otherRuns)
                let va = Self.aggregate(a, agreement.aggregate), vb = Self.aggregate(b, agreement.aggregate)
                let difference = va.flatMap { x in vb.flatMap { tolerance.difference(x, $0) } }
                // A metric that applies to neither side's ok runs (e.g. a k = r metric at k > r) agrees.
                let neither = va == nil && vb == nil && Self.okCount(runs) > 0 && Self.okCount(otherRuns) > 0
                rows.append(MetricRow(point: point, metric: metric, value: va, runs: a.count, otherValue: vb,
                                      otherRuns: b.count, difference: difference,
                                      tolerance: tolerance,
                                      agrees: neither || (va.flatMap { x in vb.map { tolerance.accepts(x, $0) } } ?? false)))
            }
        }
        metrics = rows
    }

    /// Some claim is INCOMPLETE on a side, or a sweep point has no run with a compared metric on a side.
    public var isIncomplete: Bool {
        claims.contains { $0.verdict.verdict == .incomplete || $0.other?.verdict == .incomplete }
            || metrics.contains { !$0.agrees && ($0.runs == 0 || $0.otherRuns == 0) }
    }

    /// Every claim has the same verdict on both sides and every metric row agrees.
    public var agrees: Bool { claims.allSatisfy(\.agrees) && metrics.allSatisfy(\.agrees) }

    /// One line: `a vs b: agree: 7/7 verdicts equal, 18/18 medians over replicates within their tolerance`.
    public var summary: String {
        let equal = claims.filter(\.agrees).count, fragile = claims.filter(\.differsWhereFragile).count
        let within = metrics.filter(\.agrees).count
        let word: String
        if agrees {
            word = "agree"
        } else if isIncomplete {
            word = "incomplete (runs missing on a side)"
        } else {
            word = equal + fragile == claims.count && within == metrics.count ? "agree except fragile verdicts" : "disagree"
        }
        return "\(spec.id) vs \(otherSpec.id): \(word): \(equal)/\(claims.count) verdicts equal"
            + (fragile > 0 ? " (\(fragile) differing where a verdict is fragile)" : "")
            + ", \(within)/\(metrics.count) \(agreement.aggregate)s over replicates within their tolerance"
    }

    /// The Markdown section: the summary, the verdicts side by side, the metrics side by side,
    /// and how the tolerance was set.
    public var markdown: String {
        var out = "Second implementation: agreement with `\(otherSpec.id)` (`\(otherSpec.model)`): \(summary).\n\n"
        out += ReproductionReport.markdownTable(
            ["claim", spec.model, otherSpec.model, "same"],
            claims.map { row in
                [row.claim, Self.verdictText(row.verdict), row.other.map(Self.verdictText) ?? "(no such claim)",
                 row.agrees ? "yes" : (row.differsWhereFragile ? "no (fragile)" : "no")]
            }) + "\n"
        out += ReproductionReport.markdownTable(
            ["point", "metric", "\(spec.model) (\(agreement.aggregate), runs)", "\(otherSpec.model) (\(agreement.aggregate), runs)",
             "difference", "tolerance", "within"],
            metrics.map { row in
                [row.point, row.metric, Self.valueText(row.value, row.runs), Self.valueText(row.otherValue, row.otherRuns),
                 row.difference.map(ClaimEvaluator.format) ?? "-", row.tolerance.description, row.agrees ? "yes" : "no"]
            }) + "\n"
        out += "Tolerances: \(ReproductionReport.cell(agreement.calibration))\n\n"
        return out
    }

    /// `PASS (P 1.00)`.
    static func verdictText(_ verdict: ClaimVerdict) -> String {
        verdict.label + (verdict.probability == nil ? "" : " (P \(verdict.probabilityText))")
    }

    /// `0.6591 (3)`, or `- (0)`.
    static func valueText(_ value: Double?, _ runs: Int) -> String {
        (value.map(ClaimEvaluator.format) ?? "-") + " (\(runs))"
    }

    /// The runs of `study` grouped by sweep point (its sweep values as text), in plan order.
    static func groups(_ study: Study) -> [(point: String, runs: [PlannedRun])] {
        var order: [String] = []
        var byPoint: [String: [PlannedRun]] = [:]
        for run in study.runs {
            let point = run.point.sweepValues.values.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
                .joined(separator: " ")
            if byPoint[point] == nil { order.append(point) }
            byPoint[point, default: []].append(run)
        }
        return order.map { ($0, byPoint[$0] ?? []) }
    }

    /// The values of `metric` in the ok, current runs of `runs`.
    static func values(_ metric: String, _ runs: [PlannedRun]) -> [Double] {
        runs.compactMap { run in
            guard let stored = run.stored, stored.record.status == RunStatus.ok.rawValue else { return nil }
            return stored.metrics[metric]
        }
    }

    /// The ok, current runs among `runs`.
    static func okCount(_ runs: [PlannedRun]) -> Int {
        runs.filter { $0.stored?.record.status == RunStatus.ok.rawValue }.count
    }

    /// The agreement tables of the studies among `studies` whose spec has `agreement:`, by spec
    /// id; the other side is the study of the same path among `studies`, or is loaded by `load`.
    public static func tables(for studies: [Study], load: (String) throws -> Study) rethrows -> [String: AgreementTable] {
        var tables: [String: AgreementTable] = [:]
        for study in studies {
            guard let agreement = study.spec.agreement else { continue }
            let target = URL(fileURLWithPath: agreement.otherPath).standardizedFileURL.path
            let other = try studies.first { URL(fileURLWithPath: $0.spec.path).standardizedFileURL.path == target }
                ?? load(agreement.otherPath)
            tables[study.spec.id] = AgreementTable(study, other: other)
        }
        return tables
    }

    /// The median or mean of `values` (nil when empty).
    static func aggregate(_ values: [Double], _ kind: String) -> Double? {
        guard !values.isEmpty else { return nil }
        return kind == "mean" ? Statistics.mean(values) : Statistics.median(values)
    }
}
