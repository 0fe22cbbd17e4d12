import NumericsCore
import Specs

extension Aggregate {
    /// Applies the aggregate to replicate values: `count` counts them, the others are NaN
    /// over no values.
    public func apply(_ values: [Double]) -> Double {
        if case .count = self { return Double(values.count) }
        guard !values.isEmpty else { return .nan }
        switch self {
        case .mean: return Statistics.mean(values)
        case .median: return Statistics.median(values)
        case .min: return values.min() ?? .nan
        case .max: return values.max() ?? .nan
        case .std: return Statistics.standardDeviation(values)
        case .ci95Low: return Statistics.tInterval(values, confidence: 0.95)?.lowerBound ?? .nan
        case .ci95High: return Statistics.tInterval(values, confidence: 0.95)?.upperBound ?? .nan
        case .count: return Double(values.count)
        case .quantile(let percent): return Self.quantile(values, Double(percent) / 100)
        }
    }

    /// The type-7 quantile, with equal neighbouring order statistics returned as they are (so
    /// the quantiles of `[inf, inf]` are `inf`, not inf − inf = NaN). NaN over no values.
    static func quantile(_ values: [Double], _ q: Double) -> Double {
        let sorted = values.filter { !$0.isNaN }.sorted()
        guard !sorted.isEmpty else { return .nan }
        let h = Double(sorted.count - 1) * q
        let below = Int(h.rounded(.down)), above = Swift.min(below + 1, sorted.count - 1)
        if sorted[below] == sorted[above] || h == Double(below) { return sorted[below] }
        return Statistics.quantile(sorted, q)
    }
}
