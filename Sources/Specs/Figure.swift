import ExperimentKit

/// What a figure puts on its horizontal axis.
public enum FigureX: Sendable, Equatable {
    /// The step of a per-iteration series (`x: iteration`); `y` is then a series name.
    case iteration
    /// The wall time the run had spent when it recorded the step (`x: time`): `y` is a series,
    /// drawn against the run's series `elapsed_seconds` at the same steps.
    case time
    /// A sweep axis (`x: init_scale`); `y` is then a metric name.
    case axis(String)

    /// The name as written in the spec: `iteration`, `time` or the axis name.
    public var name: String {
        switch self {
        case .iteration: return "iteration"
        case .time: return "time"
        case .axis(let name): return name
        }
    }

    /// True when the y of a figure with this x is a series (`iteration`, `time`).
    public var plotsSeries: Bool { self == .iteration || self == .time }
}

/// What a figure shades around its centre line (the median over replicates).
public enum FigureBand: String, Sendable, Equatable, CaseIterable {
    /// From the smallest to the largest replicate value (the default).
    case minmax
    /// From the 10% to the 90% quantile of the replicate values (type-7 interpolation).
    case quantiles
    /// No band: the median line only.
    case none
}

/// An axis that may be drawn on a log scale.
public enum FigureScaleAxis: String, Sendable, Equatable, CaseIterable {
    /// The horizontal axis.
    case x
    /// The vertical axis.
    case y
}

/// One figure of a spec (`figure:`, or an item of `figures:`): a series against the
/// iteration or a metric against a sweep axis, one curve per value of `curves`, the median
/// over replicates as the line and a band over replicates around it.
public struct Figure: Sendable, Equatable {
    /// Names the figure's files: `<spec id>.png` for a lone `figure:` (id `nil`),
    /// `<spec id>-<id>.png` for an item of `figures:`.
    public var id: String?
    /// The horizontal axis.
    public var x: FigureX
    /// A series name (with `x: iteration` or `x: time`) or a metric name (with a sweep axis as `x`).
    public var y: String
    /// A sweep axis: one curve per value of it; nil draws one curve.
    public var curves: String?
    /// `where:`: parameter values a run must have to be drawn (normalized); empty selects all.
    public var filter: ParameterSet
    /// The axes on a log scale.
    public var log: Set<FigureScaleAxis>
    /// What is shaded around the median.
    public var band: FigureBand
    /// The figure's title; nil means the spec's title.
    public var title: String?

    /// Creates a figure.
    public init(id: String? = nil, x: FigureX, y: String, curves: String? = nil, filter: ParameterSet = ParameterSet(),
                log: Set<FigureScaleAxis> = [], band: FigureBand = .minmax, title: String? = nil) {
        self.id = id
        self.x = x
        self.y = y
        self.curves = curves
        self.filter = filter
        self.log = log
        self.band = band
        self.title = title
    }

    /// True when `y` is a per-iteration series (`x: iteration` or `x: time`), false when it is
    /// a metric.
    public var plotsSeries: Bool { x.plotsSeries }

    /// The base name of the figure's files for spec `specID` (no extension).
    public func fileStem(specID: String) -> String {
        id.map { "\(specID)-\($0)" } ?? specID
    }

    /// True when the run with (resolved) `parameters` is drawn.
    public func matches(_ parameters: ParameterSet) -> Bool {
        parameters.contains(filter)
    }
}
