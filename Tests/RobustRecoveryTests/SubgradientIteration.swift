import ExperimentKit
import Foundation
import NumericsCore
@testable import RobustRecovery
import Sensing

/// The plain reference of one run of the chosen iteration on one instance, written apart from
/// `SensingLoop`: per iteration one gemv over the d²×m operator for the residuals
/// ⟨Aᵢ, UUᵀ⟩ − yᵢ and a second one for `Q_t = (1/m)Σ wᵢAᵢ` (no fused pass, no packing).
struct SubgradientIteration {
    let model: RobustRecovery
    let instance: RecoveryInstance
    /// U_t, d×r'.
    var u: Matrix
    /// U_tU_tᵀ, d×d.
    var product: Matrix
    /// Q_t = (1/m)Σ wᵢAᵢ (sub-gradient: wᵢ = sign(rᵢ); ℓ2: wᵢ = 2rᵢ), or UUᵀ − X* (population), d×d.
    var q: Matrix
    /// D_t = (Q_t + Q_tᵀ)U_t, or (UUᵀ − X*)U (population), d×r'.
    var direction: Matrix
    /// r = 𝒜(UUᵀ) − y, length m.
    var residuals: [Double]
    /// w, the weights of Q_t, length m.
    var weights: [Double]
    /// Singular values of Q_t (for ‖Q_t‖₂).
    var spectralNorm: SVD.Values
    /// Singular values of U_t (their squares are the eigenvalues of U_tU_tᵀ).
    var factorValues: SVD.Values
    /// The signal, cross and residual parts of U_t.
    var decomposition: SignalDecomposition

    init(model: RobustRecovery, instance: RecoveryInstance, u: Matrix) throws {
        let d = instance.d, k = u.columns, m = instance.measurements.count
        self.model = model
        self.instance = instance
        self.u = u
        product = Matrix(rows: d, columns: d)
        q = Matrix(rows: d, columns: d)
        direction = Matrix(rows: d, columns: k)
        residuals = [Double](repeating: 0, count: m)
        weights = [Double](repeating: 0, count: m)
        spectralNorm = try SVD.Values(rows: d, columns: d)
        factorValues = try SVD.Values(rows: d, columns: k)
        decomposition = try SignalDecomposition(basis: instance.signalBasis, spectrum: instance.spectrum, searchRank: k)
    }

    var usesMeasurements: Bool { model.algorithm != .population }

    /// Runs T iterations (or until `stop_below` or divergence) and summarizes the run.
    mutating func run(record: RecordPolicy) throws -> Outcome {
        let budget = model.settings.iterations
        var errors: [Double] = []
        errors.reserveCapacity(budget + 1)
        let eigenNames = RobustRecovery.eigenvalueSeries(searchRank: u.columns)
        var recorder = Recorder(policy: record, names: ["error", "loss", "signal_error", "cross_norm", "residual_norm"] + eigenNames,
                                iterations: budget)
        var tracker = SignalTracker(spectrum: instance.spectrum, initScale: model.initScale)
        var metrics: [String: Double] = [:]
        var status = RunStatus.ok
        var message: String?
        var loss = Double.nan

        for t in 0...budget {
            try BLAS.gemm(.none, .transpose, u, u, into: &product)
            let error = product.frobeniusDistance(to: instance.groundTruth)
            if let reason = recorder.divergence(error: error, at: t, previous: errors.last, blowup: model.settings.blowup,
                                                quantity: "‖U_tU_tᵀ − X*‖_F") {
                status = .diverged
                message = reason
                metrics["diverged_at"] = Double(t)
                break
            }
            errors.append(error)
            if usesMeasurements {
                try formResiduals()
                loss = meanAbsolute(residuals)
            } else {
                loss = (2 / Double.pi).squareRoot() * error
            }
            let last = t == budget || error < model.settings.stopBelow
            recorder.record("error", step: t, value: error, force: last)
            recorder.record("loss", step: t, value: loss, force: last)
            if last || recorder.wants(t) {
                try observeStructure(of: u, step: t, last: last, decomposition: &decomposition, factorValues: &factorValues,
                                     tracker: &tracker, recorder: &recorder, eigenNames: eigenNames)
            }
            if last { break }
            try descend(t, loss: loss)
        }

        let finalSquare = usesMeasurements ? meanSquare(residuals) : nil
        var run = PointRun(recorder: recorder, iterations: budget)
        run.errors = errors
        run.loss = loss
        run.status = status
        run.message = message
        run.metrics = metrics
        return model.outcome(run, finalLossL2: finalSquare, noise: instance.noise, tracker: tracker)
    }

    /// residuals ← 𝒜(U_tU_tᵀ) − y, one gemv over the m×d² operator (product must be current).
    mutating func formResiduals() throws {
        let y = instance.measurements
        residuals.withUnsafeMutableBufferPointer { r in
            y.withUnsafeBufferPointer { y in
                for i in 0..<r.count { r[i] = y[i] }
            }
        }
        try BLAS.gemv(.transpose, alpha: 1, instance.denseOperator.storage, product.elements, beta: -1, into: &residuals)
    }

    /// One step U_{t+1} = U_t − η_t·D_t of the chosen algorithm (residuals and product must
    /// be current; `loss` is f(U_t)).
    mutating func descend(_ t: Int, loss: Double) throws {
        let m = Double(residuals.count)
        let schedule = model.settings.step * pow(model.decay, Double(t))
        let stepSize: Double
        switch model.algorithm {
        case .subgm, .subgmNoiseless:
            residuals.withUnsafeBufferPointer { r in
                weights.withUnsafeMutableBufferPointer { w in
                    for i in 0..<w.count { w[i] = r[i] > 0 ? 1 : (r[i] < 0 ? -1 : 0) }
                }
            }
            try BLAS.gemv(.none, alpha: 1 / m, instance.denseOperator.storage, weights, into: &q.elements)
            if model.algorithm == .subgm {
                let norm = try spectralNorm.compute(q)
                // Q_t = 0 only when every residual is 0: U_t fits all measurements; stay.
                guard norm > 0 else { return }
                stepSize = schedule / norm
            } else {
                stepSize = 0.5 * model.settings.step * loss
            }
            try symmetricDirection()
        case .gdL2:
            try BLAS.gemv(.none, alpha: 2 / m, instance.denseOperator.storage, residuals, into: &q.elements)
            stepSize = schedule
            try symmetricDirection()
        case .population:
            q.elements.withUnsafeMutableBufferPointer { delta in
                product.elements.withUnsafeBufferPointer { p in
                    instance.groundTruth.elements.withUnsafeBufferPointer { x in
                        for i in 0..<delta.count { delta[i] = p[i] - x[i] }
                    }
                }
            }
            try BLAS.gemm(q, u, into: &direction)
            stepSize = schedule
        }
        BLAS.axpy(alpha: -stepSize, direction.elements, &u.elements)
    }

    /// direction ← (Q + Qᵀ)·U: the (sub-)gradient of Σ wᵢ⟨Aᵢ, UUᵀ⟩ with respect to U.
    mutating func symmetricDirection() throws {
        try BLAS.gemm(.none, .none, q, u, into: &direction)
        try BLAS.gemm(.transpose, .none, q, u, beta: 1, into: &direction)
    }
}

/// (1/m)Σxᵢ².
func meanSquare(_ x: [Double]) -> Double {
    x.isEmpty ? .nan : BLAS.dot(x, x) / Double(x.count)
}
