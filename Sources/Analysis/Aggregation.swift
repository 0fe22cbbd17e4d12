import NumericsCore
import Specs

extension Aggregate {
    /// Applies the aggregate to replicate values (NaN when there are none).
    public func apply(_ values: [Double]) -> Double {
        guard !values.isEmpty else { return .nan }
        switch self {
        case .mean: return Statistics.mean(values)
        case .median: return Statistics.median(values)
        case .min: return values.min() ?? .nan
        case .max: return values.max() ?? .nan
        case .std: return Statistics.standardDeviation(values)
        case .ci95Low: return Statistics.tInterval(values, confidence: 0.95)?.lowerBound ?? .nan
        case .ci95High: return Statistics.tInterval(values, confidence: 0.95)?.upperBound ?? .nan
        }
    }
}
