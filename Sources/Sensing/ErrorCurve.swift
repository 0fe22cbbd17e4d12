import NumericsCore

/// Summaries of an error curve `e_t` (one value per iteration, t = 0, 1, …): hitting times
/// and the slopes that tell linear from sub-linear convergence.
public struct ErrorCurve: Sendable {
    /// e_t for t = 0..<count.
    public let errors: [Double]

    /// Wraps a full-resolution curve.
    public init(errors: [Double]) { self.errors = errors }

    /// First t with e_t < threshold, or +∞ when the curve never gets there.
    public func hittingTime(below threshold: Double) -> Double {
        errors.firstIndex { $0 < threshold }.map(Double.init) ?? .infinity
    }

    /// The hitting times of the thresholds 10^-k, k in `exponents`, under the metric names
    /// `iterations_to_1e-k` (+∞ for a threshold never reached).
    public func hittingTimes(exponents: [Int]) -> [String: Double] {
        var times: [String: Double] = [:]
        for k in exponents {
            times["iterations_to_1e-\(k)"] = hittingTime(below: Double("1e-\(k)") ?? .nan)
        }
        return times
    }

    /// The end of the fitting window: the first t with e_t < floor, else the last t.
    public func fitEnd(floor: Double) -> Int {
        errors.firstIndex { $0 < floor } ?? (errors.count - 1)
    }

    /// −slope of ln e_t against t over the second half of [start, end]: the per-iteration
    /// linear rate ρ in e_t ≈ C·e^{−ρt}. `nil` when the window has fewer than 2 points.
    public func linearRate(from start: Int = 0, floor: Double) -> Double? {
        let end = fitEnd(floor: floor)
        let lo = start + (end - start) / 2
        guard end > lo else { return nil }
        return linearRate(over: lo...end)
    }

    /// −slope of ln e_t against t over the iterations `window`: ρ in e_t ≈ C·e^{−ρt}. `nil`
    /// when the window has fewer than 2 points.
    public func linearRate(over window: ClosedRange<Int>) -> Double? {
        guard window.count >= 2 else { return nil }
        let t = window.map(Double.init)
        return Statistics.logLinearFit(t: t, values: Array(errors[window])).map { -$0.slope }
    }

    /// Slope of ln e_t against ln t over the last decade [end/10, end]: −1 for e_t ∝ 1/t.
    public func logLogSlope(floor: Double) -> Double? {
        let end = fitEnd(floor: floor)
        let lo = max(1, end / 10)
        guard end - lo >= 1 else { return nil }
        let t = (lo...end).map(Double.init)
        return Statistics.logLogFit(t: t, values: Array(errors[lo...end])).map(\.slope)
    }
}
