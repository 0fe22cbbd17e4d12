import ExperimentKit
import NumericsCore

/// One sweep point of a factored iteration on a sensing problem: its factors and the rule that
/// steps them, in the paper's words. `SensingLoop` does the rest: it forms M_t, measures the
/// error, runs the shared pass, records error and loss, stops the point, and hands the rule the
/// weighted sum of the pass.
public protocol SensingIteration {
    /// η, T, stop_below, rate_floor, blowup of the point.
    var settings: IterationSettings { get }
    /// The series the point records: "error" and "loss" first, then its own.
    var seriesNames: [String] { get }
    /// M_t from the current factors (X_tX_tᵀ, F_tG_tᵀ, …) into the n×n `iterate`.
    func formIterate(into iterate: inout Matrix) throws
    /// The loss at M_t from the point's residuals in `pass` (column `column`); `error` is
    /// ‖M_t − M*‖_F (the population operator has no residuals).
    func loss(pass: SensingPassWorkspace, column: Int, error: Double) -> Double
    /// Records what the point observes at iteration t beyond error and loss (`last`: the run
    /// ends at t); called after error and loss are recorded.
    mutating func observe(at t: Int, last: Bool, pass: SensingPassWorkspace, column: Int, run: inout PointRun) throws
    /// Steps the factors from M_t to M_{t+1}, given f(M_t) = `loss` and the point's weighted sum
    /// α·Σ φ(rᵢ)Aᵢ of the pass (symmetric operator: α·Σ φ(rᵢ)·sym(Aᵢ)), n×n.
    mutating func step(at t: Int, loss: Double, weightedSum: Matrix, run: inout PointRun) throws
}

extension SensingIteration {
    /// Error and loss only.
    public var seriesNames: [String] { ["error", "loss"] }

    /// Observes nothing beyond error and loss.
    public mutating func observe(at t: Int, last: Bool, pass: SensingPassWorkspace, column: Int, run: inout PointRun) throws {}
}
