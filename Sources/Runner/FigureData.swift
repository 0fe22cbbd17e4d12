import ExperimentKit
import NumericsCore
import ResultStore
import Specs

/// One point of a figure's curve: the median over the replicates at `x` and the band
/// around it.
public struct FigurePoint: Sendable, Equatable {
    /// Horizontal position: the step, the axis value, or the category's index (0, 1, …).
    public var x: Double
    /// Median over the replicates that have a finite value here.
    public var median: Double
    /// Lower end of the band (min or 10% quantile; the median without a band).
    public var low: Double
    /// Upper end of the band (max or 90% quantile; the median without a band).
    public var high: Double
    /// How many replicate values entered.
    public var count: Int
}

/// One curve: the runs sharing one value of the figure's `curves` axis.
public struct FigureCurve: Sendable, Equatable {
    /// Legend text, `search_rank = 4`, or the y name when the figure has no `curves`.
    public var label: String
    /// Points in increasing x.
    public var points: [FigurePoint]
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
/// `ok`, grouped by the `curves` value; per x, the median and band over the replicate values
/// (non-finite values, e.g. a threshold never reached, are left out of that x).
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
            return listed.filter(present.contains) + present.subtracting(listed).sorted { $0.description < $1.description }
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
            for run in members {
                guard let stored = run.stored else { continue }
                switch figure.x {
                case .iteration:
                    guard let s = try series(stored.record.key, figure.y) else { continue }
                    for (step, v) in zip(s.steps, s.values) where v.isFinite { byX[Double(step), default: []].append(v) }
                case .axis(let name):
                    guard let p = run.point.parameters[name], let x = xOf(p), let v = stored.metrics[figure.y], v.isFinite else {
                        continue
                    }
                    byX[x, default: []].append(v)
                }
            }
            let points = byX.keys.sorted().map { x in point(x: x, values: byX[x] ?? [], band: figure.band) }
            let label = value.map { "\(figure.curves ?? "") = \($0)" } ?? figure.y
            curves.append(FigureCurve(label: label, points: points))
        }
        return FigureData(specID: spec.id, figure: figure, title: figure.title ?? spec.title,
                          xLabel: figure.x == .iteration ? "iteration t" : axisLabel(figure.x.name), yLabel: yLabel(figure),
                          curvesLabel: figure.curves.map(axisLabel),
                          categories: categories, curves: curves,
                          runsDrawn: drawn.count, runsLeftOut: selected.count - drawn.count)
    }

    /// Median and band of the replicate values at one x.
    func point(x: Double, values: [Double], band: FigureBand) -> FigurePoint {
        let median = Statistics.median(values)
        switch band {
        case .minmax:
            return FigurePoint(x: x, median: median, low: values.min() ?? median, high: values.max() ?? median,
                               count: values.count)
        case .quantiles:
            return FigurePoint(x: x, median: median, low: Statistics.quantile(values, 0.1),
                               high: Statistics.quantile(values, 0.9), count: values.count)
        case .none:
            return FigurePoint(x: x, median: median, low: median, high: median, count: values.count)
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
    /// The data of every figure of `spec`, from the runs of its plan in `store`.
    public static func data(for spec: Spec, registry: ModelRegistry, store: ResultStore) throws(RunnerError) -> [FigureData] {
        guard let schema = registry.schema(of: spec.model) else { return [] }
        let builder = FigureBuilder(schema: schema)
        let points = try SweepRunner.plan(spec, registry: registry)
        do {
            let runs = try ClaimEvaluator.join(points, store: store)
            return try spec.figures.map { (figure: Figure) throws(StoreError) -> FigureData in
                try builder.data(spec: spec, figure: figure, runs: runs) { (key: String, name: String) throws(StoreError) in
                    try store.series(runKey: key, name: name)
                }
            }
        } catch {
            throw .store(error)
        }
    }
}
