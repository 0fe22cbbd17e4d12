import ExperimentKit
import Foundation
import NumericsCore
import Sensing

extension MatrixSensing {
    /// The outcome of a run from its error curve ‖M_t − M*‖_F (t = 0, 1, …), its last loss and
    /// the metrics gathered during the loop: final error and loss, iterations run, hitting times
    /// of 1e-2 … 1e-8, and for an `ok` run the linear rate (after the rebalancing step, if any)
    /// and the log-log slope; the products and ratios `error_times_eta_t`, `rate_over_hessian` and
    /// `hitting_time_over_hessian`.
    func outcome(_ run: PointRun, switchIteration: Int?) -> Outcome {
        let errors = run.errors, status = run.status
        var metrics = run.metrics
        let curve = ErrorCurve(errors: errors)
        metrics["final_error"] = errors.last ?? .nan
        metrics["final_loss"] = run.loss
        metrics["iterations_run"] = Double(max(0, errors.count - 1))
        metrics.merge(curve.hittingTimes(exponents: [2, 4, 6, 8])) { _, new in new }
        // ‖M_T − M*‖_F·η·T: about constant when the error decays like 1/(ηT) (k > r).
        metrics["error_times_eta_t"] = (errors.last ?? .nan) * settings.step * Double(max(0, errors.count - 1))
        if let predicted = metrics["hessian_rate"], let initial = errors.first, let hit = metrics["iterations_to_1e-8"] {
            metrics["hitting_time_over_hessian"] = hit * predicted / log(initial / 1e-8)
        }
        // The rebalanced method's rate is the rate after its switch: a run that never
        // switched has none.
        let rebalancedWithoutSwitch = parameterization == .asymmetricRebalanced && switchIteration == nil
        if status == .ok, !rebalancedWithoutSwitch {
            if let rate = curve.linearRate(from: switchIteration ?? 0, floor: settings.rateFloor) {
                metrics["linear_rate"] = rate
                if let predicted = metrics["hessian_rate"] { metrics["rate_over_hessian"] = rate / predicted }
                if parameterization == .asymmetric, let imbalance = metrics["lambda_min_imbalance0"], imbalance > 0 {
                    metrics["rate_over_imbalance"] = rate / (settings.step * imbalance)
                }
            }
            if let slope = curve.logLogSlope(floor: settings.rateFloor) { metrics["loglog_slope"] = slope }
        }
        if parameterization == .asymmetricRebalanced {
            metrics["switch_iteration"] = switchIteration.map(Double.init) ?? .infinity
        }
        return Outcome(status: status, message: run.message, metrics: metrics, series: run.recorder.series)
    }
}
