import ExperimentKit
import Foundation

/// How a claim reduces the metric over the runs it selects (replicates and any unswept
/// remainder of the sweep); also the aggregates of `repro export --wide --aggregate`.
public enum Aggregate: Sendable, Equatable, Hashable, RawRepresentable {
    /// Arithmetic mean.
    case mean
    /// Median (the default).
    case median
    /// Smallest value.
    case min
    /// Largest value.
    case max
    /// Sample standard deviation.
    case std
    /// Lower end of the 95% Student-t interval of the mean (a claim that "the mean is above
    /// x" with confidence).
    case ci95Low
    /// Upper end of the 95% Student-t interval of the mean.
    case ci95High
    /// The number of values.
    case count
    /// The quantile at `percent`% (`q10`, `q90`; type-7 interpolation), 0…100.
    case quantile(percent: Int)

    /// The names other than quantiles, as written in specs and on the command line.
    public static let names = ["mean", "median", "min", "max", "std", "ci95_low", "ci95_high", "count"]

    /// Reads a name of `names`, or `qNN` with NN a whole percentage 0…100.
    public init?(rawValue: String) {
        switch rawValue {
        case "mean": self = .mean
        case "median": self = .median
        case "min": self = .min
        case "max": self = .max
        case "std": self = .std
        case "ci95_low": self = .ci95Low
        case "ci95_high": self = .ci95High
        case "count": self = .count
        default:
            guard rawValue.hasPrefix("q"), (2...4).contains(rawValue.count) else { return nil }
            let digits = rawValue.dropFirst()
            guard digits.allSatisfy({ $0.isASCII && $0.isNumber }), let percent = Int(digits), percent <= 100 else {
                return nil
            }
            self = .quantile(percent: percent)
        }
    }

    /// The name as written.
    public var rawValue: String {
        switch self {
        case .mean: return "mean"
        case .median: return "median"
        case .min: return "min"
        case .max: return "max"
        case .std: return "std"
        case .ci95Low: return "ci95_low"
        case .ci95High: return "ci95_high"
        case .count: return "count"
        case .quantile(let percent): return "q\(percent)"
        }
    }
}

/// How a claim with `across: AXIS` turns the per-axis-value aggregates into one number.
public enum ClaimStatistic: String, Sendable, CaseIterable {
    /// Least-squares slope of the aggregate against the axis value.
    case slope
    /// Least-squares slope of log(aggregate) against log(axis value).
    case loglogSlope = "loglog_slope"
    /// Largest aggregate divided by the smallest.
    case maxOverMin = "max_over_min"
    /// Largest aggregate minus the smallest (for rates that may be 0).
    case maxMinusMin = "max_minus_min"
    /// Smallest aggregate.
    case min
    /// Largest aggregate.
    case max

    /// Whether the statistic reads the axis values (the slopes), not only the aggregates.
    public var readsAxisValues: Bool { self == .slope || self == .loglogSlope }
}

/// What a claim's value must satisfy (`expect:` in the spec).
public enum Expectation: Sendable, Equatable, CustomStringConvertible {
    /// Strictly greater than the bound.
    case above(Double)
    /// Strictly less than the bound.
    case below(Double)
    /// Within the closed interval [low, high].
    case between(Double, Double)
    /// Within `tolerance` of the target: |value − target| ≤ tolerance.
    case near(Double, tolerance: Double)

    /// True when `value` satisfies the expectation. NaN never holds; +∞ is above any bound
    /// and −∞ below any bound, and neither is near nor between finite numbers.
    public func holds(for value: Double) -> Bool {
        guard !value.isNaN else { return false }
        switch self {
        case .above(let bound): return value > bound
        case .below(let bound): return value < bound
        case let .between(low, high): return value >= low && value <= high
        case let .near(target, tolerance): return abs(value - target) <= tolerance
        }
    }

    /// Short form for tables: `> 0.01`, `< 1e-08`, `in [0.8, 1.2]`, `= 2 ± 0.3` (numbers in `%g`).
    public var description: String {
        let g = shortNumber
        switch self {
        case .above(let bound): return "> " + g(bound)
        case .below(let bound): return "< " + g(bound)
        case let .between(low, high): return "in [\(g(low)), \(g(high))]"
        case let .near(target, tolerance): return "= \(g(target)) ± \(g(tolerance))"
        }
    }
}

/// One claim of the paper, checked against the runs of a spec.
///
/// Its value is `aggregate` of `metric` over the runs matching `filter`; with `across`, the
/// aggregate is taken per value of that sweep axis and `statistic` reduces those; with
/// `versus`, the value is aggregate(filter) / aggregate(filter with the `versus` values).
public struct Claim: Sendable, Equatable {
    /// Unique within the spec, e.g. `linear-at-exact-rank`.
    public var id: String
    /// The claim in the paper's words.
    public var text: String
    /// `where:`: parameter values a run must have to count (normalized); empty selects all.
    public var filter: ParameterSet
    /// A metric of the model's schema, e.g. `linear_rate`.
    public var metric: String
    /// How the metric is reduced over the selected runs (default median).
    public var aggregate: Aggregate
    /// A sweep axis: aggregate per value of it, then apply `statistic`.
    public var across: String?
    /// Given exactly when `across` is.
    public var statistic: ClaimStatistic?
    /// Parameter values that define the reference runs of a ratio; never with `across`.
    public var versus: ParameterSet?
    /// What the claim's value must satisfy.
    public var expect: Expectation
    /// Where the claim comes from: the paper, our calibration, or both. Every claim of a
    /// loaded spec has one.
    public var source: ClaimSource?
    /// A documented deviation: the claim was measured not to hold, and that is explained.
    public var deviation: Deviation?

    /// Creates a claim.
    public init(id: String, text: String, filter: ParameterSet = ParameterSet(), metric: String,
                aggregate: Aggregate = .median, across: String? = nil, statistic: ClaimStatistic? = nil,
                versus: ParameterSet? = nil, expect: Expectation) {
        self.id = id
        self.text = text
        self.filter = filter
        self.metric = metric
        self.aggregate = aggregate
        self.across = across
        self.statistic = statistic
        self.versus = versus
        self.expect = expect
    }

    /// True when the run with (resolved) `parameters` is selected by `filter`.
    public func matches(_ parameters: ParameterSet) -> Bool {
        parameters.contains(filter)
    }

    /// The filter of the reference runs: `filter` with the `versus` values put over it, or
    /// `nil` when the claim has no `versus`.
    public var versusFilter: ParameterSet? {
        guard let versus else { return nil }
        var reference = filter
        for (key, value) in versus.values { reference[key] = value }
        return reference
    }
}

/// Where a claim comes from (`source:`): where in the paper its statement is, with the paper's
/// words when we have them, and how its threshold was set when the number is ours.
public struct ClaimSource: Sendable, Equatable {
    /// Where in the paper: section, theorem, equation or figure.
    public var paper: String?
    /// The paper's statement in its words.
    public var says: String?
    /// How the threshold was set, from which measurement, when it is ours.
    public var calibration: String?

    /// Creates a source.
    public init(paper: String? = nil, says: String? = nil, calibration: String? = nil) {
        self.paper = paper
        self.says = says
        self.calibration = calibration
    }

    /// `paper` when the threshold is the paper's, `calibration` when it is ours.
    public var kind: String { calibration == nil ? "paper" : "calibration" }

    /// The whole source in one line: `Fig. 1 ("…"); calibration: …`.
    public var description: String {
        var parts: [String] = []
        if let paper { parts.append("paper: " + paper + (says.map { " (\"\($0)\")" } ?? "")) }
        if let calibration { parts.append("calibration: " + calibration) }
        return parts.joined(separator: "; ")
    }
}

/// A claim the project measured and found not to hold, after checking that it is not a bug
/// (`deviation:`): its verdict is DEVIATES rather than FAIL while it keeps not holding.
public struct Deviation: Sendable, Equatable {
    /// What was measured.
    public var measured: String
    /// What was tried to rule out a bug.
    public var tried: String
    /// Why the claim does not hold here.
    public var explanation: String

    /// Creates a deviation.
    public init(measured: String, tried: String, explanation: String) {
        self.measured = measured
        self.tried = tried
        self.explanation = explanation
    }
}

/// A number in `%g` form (`0.01`, `1e-08`, `2`), for messages and tables.
func shortNumber(_ x: Double) -> String {
    String(format: "%g", x)
}
