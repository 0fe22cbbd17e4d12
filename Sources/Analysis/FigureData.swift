import ExperimentKit
import NumericsCore
import ResultStore
import Specs

/// One point of a figure's curve: the median over the replicates at `x` and the band
/// around it.
public struct FigurePoint: Sendable, Equatable {
    /// Horizontal position: the step, the median over the runs of their elapsed seconds at
    /// the step (`x: time`), the axis value, or the category's index (0, 1, …).
    public var x: Double
    /// Median over the runs of this x; NaN (no line) when some of them have no finite value
    /// here (a series that ended early, a threshold never reached), so the line never jumps to
    /// the median of a subset.
    public var median: Double
    /// Lower end of the band (min or 10% quantile; the median without a band).
    public var low: Double
    /// Upper end of the band (max or 90% quantile; the median without a band).
    public var high: Double
    /// How many values entered the band (runs with a finite value here).
    public var count: Int
    /// How many runs the curve has at this x (all its runs for a series; the runs of this
    /// axis value for a metric).
    public var runs: Int
}

/// One curve: the runs sharing one value of the figure's `curves` axis.
public struct FigureCurve: Sendable, Equatable {
    /// Legend text, `search_rank = 4`, or the y name when the figure has no `curves`.
    public var label: String
    /// Points in increasing x.
    public var points: [FigurePoint]
    /// The runs drawn in this curve, in the plan's order.
    public var members: [FigureMember] = []
}

/// A run drawn in a curve: where it enters the curve.
public struct FigureMember: Sendable, Equatable {
    /// The run's key.
    public var key: String
    /// The x its metric is drawn at (a metric figure); nil for a series, which enters every x.
    public var x: Double?
    /// The last recorded step of its series (a series figure); nil for a metric figure.
    public var lastStep: Int?
}

/// The numbers of one figure, ready to be written as a data file and drawn.
public struct FigureData: Sendable, Equatable {
    /// The spec's id.
    public var specID: String
    /// The figure as declared.
    public var figure: Figure
    /// The figure's title (its own or the spec's).
    public var title: String
    /// Horizontal axis label.
    public var xLabel: String
    /// Vertical axis label.
    public var yLabel: String
    /// The `curves` axis with its symbol, `search_rank (k)`, for the legend's title.
    public var curvesLabel: String?
    /// Names of the categories when x is a non-numeric axis (x = 0, 1, … index them).
    public var categories: [String]?
    /// The curves, in the order of the `curves` axis values in the spec.
    public var curves: [FigureCurve]
    /// Runs drawn (status `ok`), and runs selected but left out (not run, diverged, failed).
    public var runsDrawn: Int
    /// Selected runs that are not in the store or did not end `ok`.
    public var runsLeftOut: Int

    /// True when no curve has a point.
    public var isEmpty: Bool { curves.allSatisfy(\.points.isEmpty) }
}

/// Turns a spec's stored runs into `FigureData`: runs matching the figure's `where`, status
/// `ok`, grouped by the `curves` value; per x, the band over the finite replicate values and
/// their median where every run of that x has one (non-finite values, e.g. a threshold never
/// reached, and steps after a run stopped early are left out).
public struct FigureBuilder: Sendable {
    let schema: ModelSchema

    /// Creates a builder for a model's schema (for axis symbols).
    public init(schema: ModelSchema) { self.schema = schema }

    /// The data of `figure` of `spec`; `series` reads a run's series by run key and name.
    public func data(spec: Spec, figure: Figure, runs: [PlannedRun],
                     series: (String, String) throws(StoreError) -> SeriesData?) throws(StoreError) -> FigureData {
        let selected = runs.filter { figure.matches($0.point.parameters) }
        let drawn = selected.filter { $0.stored?.record.status == RunStatus.ok.rawValue }
        let curveValues: [ParameterValue?] = figure.curves.map { name in
            let listed = spec.sweep.axis(named: name)?.values ?? []
            let present = Set(drawn.compactMap { $0.point.parameters[name] })
            // A zipped axis may list a value more than once; each value is one curve.
            var seen = Set<ParameterValue>()
            return listed.filter { present.contains($0) && seen.insert($0).inserted }
                + present.subtracting(listed).sorted { $0.description < $1.description }
        } ?? [nil]

        var categories: [String]?
        var xOf: (ParameterValue) -> Double? = { $0.asDouble }
        if case .axis(let name) = figure.x {
            let listed = spec.sweep.axis(named: name)?.values ?? []
            if !listed.allSatisfy({ $0.asDouble != nil }) {
                categories = listed.map(\.description)
                xOf = { value in listed.firstIndex(of: value).map(Double.init) }
            }
        }

        var curves: [FigureCurve] = []
        for value in curveValues {
            let members = drawn.filter { run in value.map { run.point.parameters[figure.curves ?? ""] == $0 } ?? true }
            var byX: [Double: [Double]] = [:]
            // x: time: per step, the elapsed seconds of the runs that recorded it.
            var secondsAt: [Double: [Double]] = [:]
            var runsAt: [Double: Int] = [:]
            var seriesRuns = 0
            var entered: [FigureMember] = []
            for run in members {
                guard let stored = run.stored else { continue }
                switch figure.x {
                case .iteration:
                    guard let s = try series(stored.record.key, figure.y) else { continue }
                    seriesRuns += 1
                    for (step, v) in zip(s.steps, s.values) where v.isFinite { byX[Double(step), default: []].append(v) }
                    entered.append(FigureMember(key: stored.record.key, x: nil, lastStep: s.steps.last))
                case .time:
                    guard let s = try series(stored.record.key, figure.y),
                          let clock = try series(stored.record.key, OutputSpec.elapsedSeconds) else { continue }
                    seriesRuns += 1
                    let elapsed = Dictionary(zip(clock.steps, clock.values), uniquingKeysWith: { _, last in last })
                    for (step, v) in zip(s.steps, s.values) {
                        guard let seconds = elapsed[step], seconds.isFinite else { continue }
                        secondsAt[Double(step), default: []].append(seconds)
                        if v.isFinite { byX[Double(step), default: []].append(v) }
                    }
                    entered.append(FigureMember(key: stored.record.key, x: nil, lastStep: s.steps.last))
                case .axis(let name):
                    guard let p = run.point.parameters[name], let x = xOf(p) else { continue }
                    runsAt[x, default: 0] += 1
                    if let v = stored.metrics[figure.y], v.isFinite { byX[x, default: []].append(v) }
                    entered.append(FigureMember(key: stored.record.key, x: x, lastStep: nil))
                }
            }
            var points = byX.keys.sorted().map { x in
                point(x: x, values: byX[x] ?? [], runs: figure.plotsSeries ? seriesRuns : runsAt[x] ?? 0, band: figure.band)
            }
            if figure.x == .time {
                // Steps to seconds: the median over the runs that recorded the step (each run's
                // clock only grows, so the medians grow with the step too).
                for i in points.indices { points[i].x = Statistics.median(secondsAt[points[i].x] ?? []) }
            }
            let label = value.map { "\(figure.curves ?? "") = \($0)" } ?? figure.y
            curves.append(FigureCurve(label: label, points: points, members: entered))
        }
        return FigureData(specID: spec.id, figure: figure, title: figure.title ?? spec.title,
                          xLabel: xLabel(figure.x), yLabel: yLabel(figure),
                          curvesLabel: figure.curves.map(axisLabel),
                          categories: categories, curves: curves,
                          runsDrawn: drawn.count, runsLeftOut: selected.count - drawn.count)
    }

    /// Median and band of the finite values at one x, where `runs` runs could have one.
    func point(x: Double, values: [Double], runs: Int, band: FigureBand) -> FigurePoint {
        let median = values.count >= runs ? Statistics.median(values) : .nan
        switch band {
        case .minmax:
            return FigurePoint(x: x, median: median, low: values.min() ?? .nan, high: values.max() ?? .nan,
                               count: values.count, runs: runs)
        case .quantiles:
            return FigurePoint(x: x, median: median, low: Statistics.quantile(values, 0.1),
                               high: Statistics.quantile(values, 0.9), count: values.count, runs: runs)
        case .none:
            return FigurePoint(x: x, median: median, low: median, high: median, count: values.count, runs: runs)
        }
    }

    /// The horizontal axis's label.
    func xLabel(_ x: FigureX) -> String {
        switch x {
        case .iteration: return "iteration t"
        case .time: return "wall time (s, median over replicates)"
        case .axis(let name): return axisLabel(name)
        }
    }

    /// `search_rank (k)` when the parameter has a symbol, else the name.
    func axisLabel(_ name: String) -> String {
        guard let symbol = schema.parameter(named: name)?.symbol, !symbol.isEmpty else { return name }
        return "\(name) (\(symbol))"
    }

    /// The y name with what the line and band are.
    func yLabel(_ figure: Figure) -> String {
        let band: String
        switch figure.band {
        case .minmax: band = ", band min–max"
        case .quantiles: band = ", band 10–90%"
        case .none: band = ""
        }
        return "\(figure.y) (median over replicates\(band))"
    }
}

extension FigureBuilder {
    /// The data of every figure of the study's spec, from its current runs; series are read
    /// from `store`. A plan other than the spec file's is named in the title.
    public static func data(for study: Study, store: ResultStore) throws(StudyError) -> [FigureData] {
        let builder = FigureBuilder(schema: study.schema)
        do {
            return try study.spec.figures.map { (figure: Figure) throws(StoreError) -> FigureData in
                var data = try builder.data(spec: study.spec, figure: figure, runs: study.runs) {
                    (key: String, name: String) throws(StoreError) in try store.series(runKey: key, name: name)
                }
                if !study.plan.isFilePlan { data.title += " (\(study.plan.flags))" }
                return data
            }
        } catch {
            throw .store(error)
        }
    }
}
