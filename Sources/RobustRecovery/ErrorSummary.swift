import NumericsCore

/// Summaries of a full-resolution error curve e_t = ‖U_tU_tᵀ − X*‖_F, t = 0, 1, …:
/// hitting times, the linear rate over a stated window, plateau and floor.
struct ErrorSummary {
    /// e_t for t = 0..<count.
    let errors: [Double]
    /// The fit window starts at the first t with e_t < rateFrom.
    let rateFrom: Double
    /// The fit window ends at the first t with e_t < rateFloor (else the last t).
    let rateFloor: Double

    /// First t with e_t < threshold, or +∞.
    func hittingTime(below threshold: Double) -> Double {
        errors.firstIndex { $0 < threshold }.map(Double.init) ?? .infinity
    }

    /// −slope of ln e_t against t over [t_from, t_floor]: ρ in e_t ≈ C·e^{−ρt}; nil when the
    /// window holds fewer than 2 iterations.
    var linearRate: Double? {
        guard let start = errors.firstIndex(where: { $0 < rateFrom }) else { return nil }
        let end = errors.firstIndex { $0 < rateFloor } ?? (errors.count - 1)
        guard end - start >= 1 else { return nil }
        let t = (start...end).map(Double.init)
        return Statistics.logLinearFit(t: t, values: Array(errors[start...end])).map { -$0.slope }
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
        for k in RobustRecovery.hittingExponents {
            out["iterations_to_1e-\(k)"] = hittingTime(below: Double("1e-\(k)") ?? .nan)
        }
        if let rate = linearRate { out["linear_rate"] = rate }
        return out
    }
}
