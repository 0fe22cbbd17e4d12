import NumericsCore
import Sensing

/// Summaries of a full-resolution error curve e_t = ‖U_tU_tᵀ − X*‖_F, t = 0, 1, …:
/// hitting times, the linear rate over a stated window, plateau and floor.
struct ErrorSummary {
    /// The curve e_t, t = 0..<count.
    let curve: ErrorCurve
    /// The fit window starts at the first t with e_t < rateFrom.
    let rateFrom: Double
    /// The fit window ends at the first t with e_t < rateFloor (else the last t).
    let rateFloor: Double

    /// Summarizes the full-resolution curve `errors`.
    init(errors: [Double], rateFrom: Double, rateFloor: Double) {
        curve = ErrorCurve(errors: errors)
        self.rateFrom = rateFrom
        self.rateFloor = rateFloor
    }

    /// e_t for t = 0..<count.
    var errors: [Double] { curve.errors }

    /// First t with e_t < threshold, or +∞.
    func hittingTime(below threshold: Double) -> Double { curve.hittingTime(below: threshold) }

    /// −slope of ln e_t against t over [t_from, t_floor]: ρ in e_t ≈ C·e^{−ρt}; nil when the
    /// window holds fewer than 2 iterations.
    var linearRate: Double? {
        guard let start = errors.firstIndex(where: { $0 < rateFrom }) else { return nil }
        let end = curve.fitEnd(floor: rateFloor)
        guard end > start else { return nil }
        return curve.linearRate(over: start...end)
    }

    /// The metrics of the schema that come from the error curve.
    var metrics: [String: Double] {
        guard let first = errors.first, let last = errors.last else { return ["iterations_run": 0] }
        var out: [String: Double] = [
            "final_error": last,
            "min_error": errors.min() ?? .nan,
            "iterations_run": Double(errors.count - 1),
            "plateau_length": hittingTime(below: 0.9 * first),
            "floor_reached": hittingTime(below: 2 * last),
            "tail_ratio": last / errors[(errors.count - 1) / 2],
        ]
        out.merge(curve.hittingTimes(exponents: RobustRecovery.hittingExponents)) { _, new in new }
        if let rate = linearRate { out["linear_rate"] = rate }
        return out
    }
}
