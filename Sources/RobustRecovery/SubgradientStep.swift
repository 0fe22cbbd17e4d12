import ExperimentKit
import Foundation
import NumericsCore
import Sensing

/// One step of the sub-gradient method on the ℓ1 loss f(U) = (1/m)·Σ|⟨Aᵢ, UUᵀ⟩ − yᵢ| (the
/// paper's SubGM, Section 3), or of a baseline, for one sweep point:
///
///     U_{t+1} = U_t − η_t·(Q_t + Q_tᵀ)·U_t,   Q_t = (1/m)·Σᵢ sign(rᵢ)·Aᵢ,
///
/// with η_t = η·ρ^t/‖Q_t‖₂ (SubGM) or (η/2)·f(U_t) (noiseless SubGM); ℓ2 descent takes
/// Q_t = (2/m)·Σ rᵢAᵢ and η_t = η·ρ^t; the population dynamics U_{t+1} = U_t − η·ρ^t·(U_tU_tᵀ − X*)U_t.
/// Q_t is the weighted sum of the loop's pass: full for SubGM (‖Q_t‖₂ needs it), symmetric
/// (sym(Q_t), and (Q + Qᵀ)U = 2·sym(Q)·U) for the others.
struct SubgradientStep: SensingIteration {
    let model: RobustRecovery
    /// U_t, d×r'.
    var u: Matrix
    /// Q_t + Q_tᵀ (SubGM), d×d.
    var symmetrized: Matrix
    /// D_t, d×r'.
    var direction: Matrix
    /// ‖Q_t‖₂.
    var spectralNorm: SVD.Norm
    /// Singular values of U_t (their squares are the eigenvalues of U_tU_tᵀ).
    var factorValues: SVD.Values
    /// The signal, cross and residual parts of U_t.
    var decomposition: SignalDecomposition
    var tracker: SignalTracker
    let eigenNames: [String]
    /// (1/m)Σ rᵢ² at the last iteration (the measurement-based algorithms).
    var finalLossL2: Double?

    init(model: RobustRecovery, instance: RecoveryInstance, u: Matrix) throws {
        let d = instance.d, k = u.columns
        self.model = model
        self.u = u
        symmetrized = Matrix(rows: d, columns: d)
        direction = Matrix(rows: d, columns: k)
        spectralNorm = try SVD.Norm(rows: d, columns: d)
        factorValues = try SVD.Values(rows: d, columns: k)
        decomposition = try SignalDecomposition(basis: instance.signalBasis, spectrum: instance.spectrum, searchRank: k)
        tracker = SignalTracker(spectrum: instance.spectrum, initScale: model.initScale)
        eigenNames = RobustRecovery.eigenvalueSeries(searchRank: k)
    }

    var settings: IterationSettings { model.settings }
    var seriesNames: [String] { ["error", "loss", "signal_error", "cross_norm", "residual_norm"] + eigenNames }

    func formIterate(into iterate: inout Matrix) throws {
        try BLAS.gemm(.none, .transpose, u, u, into: &iterate)
    }

    /// f(U_t) = (1/m)Σ|rᵢ|; the population dynamics: 𝔼|⟨A, Δ⟩| = √(2/π)·‖Δ‖_F.
    func loss(pass: SensingPassWorkspace, column: Int, error: Double) -> Double {
        if model.algorithm == .population { return (2 / Double.pi).squareRoot() * error }
        return pass.residualSum(column: column, squared: false) / Double(pass.measurementCount)
    }

    /// The structure of U_t at the recorded iterations, and (1/m)Σ rᵢ² at the last.
    mutating func observe(at t: Int, last: Bool, pass: SensingPassWorkspace, column: Int, run: inout PointRun) throws {
        if last || run.recorder.wants(t) {
            try observeStructure(of: u, step: t, last: last, decomposition: &decomposition, factorValues: &factorValues,
                                 tracker: &tracker, recorder: &run.recorder, eigenNames: eigenNames)
        }
        if last, model.algorithm != .population {
            finalLossL2 = pass.residualSum(column: column, squared: true) / Double(pass.measurementCount)
        }
    }

    mutating func step(at t: Int, loss: Double, weightedSum q: Matrix, run: inout PointRun) throws {
        let schedule = model.settings.step * pow(model.decay, Double(t))
        let stepSize: Double
        switch model.algorithm {
        case .subgm:
            let norm = try spectralNorm.compute(q)
            // Q_t = 0 only when every residual is 0: U_t fits all measurements; stay.
            guard norm > 0 else { return }
            stepSize = schedule / norm
            q.transpose(into: &symmetrized)
            BLAS.axpy(alpha: 1, q.elements, &symmetrized.elements)
            try BLAS.symm(symmetrized, u, into: &direction)
        case .subgmNoiseless, .gdL2:
            stepSize = model.algorithm == .gdL2 ? schedule : 0.5 * model.settings.step * loss
            try BLAS.symm(q, u, alpha: 2, into: &direction)
        case .population:
            stepSize = schedule
            try BLAS.symm(q, u, into: &direction)
        }
        BLAS.axpy(alpha: -stepSize, direction.elements, &u.elements)
    }
}
