import ExperimentKit
import NumericsCore
import Sensing

extension RobustRecovery {
    /// The recorded eigenvalue series of U_tU_tᵀ: `eigenvalue_1` … up to r' (at most four).
    static func eigenvalueSeries(searchRank: Int) -> [String] {
        (1...recordedEigenvalues).prefix(min(searchRank, recordedEigenvalues)).map { "eigenvalue_\($0)" }
    }

    /// The outcome of a run from its error curve ‖U_tU_tᵀ − X*‖_F, its last ℓ1 loss f(U_T), its
    /// last mean squared residual (runs that use measurements), the noise s of the instance and
    /// what the loop gathered: final losses, the loss of the ground truth, the error summary and,
    /// for an `ok` run, the signal tracker's metrics.
    func outcome(_ run: PointRun, finalLossL2: Double?, noise: [Double], tracker: SignalTracker) -> Outcome {
        let errors = run.errors, status = run.status, loss = run.loss
        var metrics = run.metrics
        metrics["final_loss"] = loss
        if let finalLossL2, status == .ok {
            metrics["final_loss_l2"] = finalLossL2
            let truthLoss = meanAbsolute(noise)
            metrics["truth_loss"] = truthLoss
            if truthLoss > 0 { metrics["loss_over_truth"] = loss / truthLoss }
        }
        metrics.merge(ErrorSummary(errors: errors, rateFrom: rateFrom, rateFloor: settings.rateFloor).metrics) { a, _ in a }
        if status == .ok {
            metrics.merge(tracker.metrics) { a, _ in a }
        }
        return Outcome(status: status, message: run.message, metrics: metrics, series: run.recorder.series)
    }
}

/// (1/m)Σ|xᵢ|.
func meanAbsolute(_ x: [Double]) -> Double {
    x.withUnsafeBufferPointer { x in
        var sum = 0.0
        for v in x { sum += abs(v) }
        return x.isEmpty ? .nan : sum / Double(x.count)
    }
}

/// Records the signal, cross and residual parts of U_t and the top eigenvalues of U_tU_tᵀ at
/// iteration t (`force` at the last one), and feeds the tracker. Does not allocate.
func observeStructure(
    of u: Matrix, step t: Int, last: Bool, decomposition: inout SignalDecomposition, factorValues: inout SVD.Values,
    tracker: inout SignalTracker, recorder: inout Recorder, eigenNames: [String]
) throws {
    try decomposition.measure(u)
    try factorValues.compute(u)
    tracker.observe(t, decomposition, eigenvalues: factorValues.values)
    recorder.record("signal_error", step: t, value: decomposition.signalError, force: last)
    recorder.record("cross_norm", step: t, value: decomposition.crossNorm, force: last)
    recorder.record("residual_norm", step: t, value: decomposition.residualNorm, force: last)
    for (j, name) in eigenNames.enumerated() {
        let s = factorValues.values[j]
        recorder.record(name, step: t, value: s * s, force: last)
    }
}
