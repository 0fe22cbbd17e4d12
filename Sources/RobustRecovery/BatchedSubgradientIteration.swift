import ExperimentKit
import Foundation
import NumericsCore

/// SubGM, noiseless SubGM or ℓ2 descent for a batch of B sweep points on one instance,
/// advanced together: per iteration one fused pass over the operator computes every point's
/// residuals rᵢ = ⟨Aᵢ, U_jU_jᵀ⟩ − yᵢ and its weighted sum Q_j = (c/m)Σ wᵢAᵢ (gemm with B
/// columns; gemv for B = 1). SubGM needs ‖Q_t‖₂ of the non-symmetric Q_t, so it passes over
/// the dense operator; the other two only use sym(Q_t) and pass over the packed symmetric
/// operator. Each point keeps its own step, initialization, stopping and divergence; a point
/// that stops is frozen (the running points fill the first columns of the
/// workspace and only those are passed, so a stopped point costs nothing). Every buffer is allocated
/// before the loop.
struct BatchedSubgradientIteration {
    /// The state of one sweep point.
    struct Point {
        let model: RobustRecovery
        /// U_t, d×r'.
        var u: Matrix
        /// Its errors ‖U_tU_tᵀ − X*‖_F, series and status.
        var run: PointRun
        var tracker: SignalTracker
        /// (1/m)Σ rᵢ² when the point stopped.
        var lossL2 = Double.nan

        /// Records the structure of U_t (see `observeStructure`).
        mutating func observe(step t: Int, last: Bool, decomposition: inout SignalDecomposition,
                              factorValues: inout SingularValues, eigenNames: [String]) throws {
            try observeStructure(of: u, step: t, last: last, decomposition: &decomposition, factorValues: &factorValues,
                                 tracker: &tracker, recorder: &run.recorder, eigenNames: eigenNames)
        }
    }

    let instance: RecoveryInstance
    let algorithm: RecoveryAlgorithm
    var points: [Point]
    let eigenNames: [String]
    /// U_jU_jᵀ, d×d.
    var product: Matrix
    /// Q_j (SubGM) or sym(Q_j), d×d.
    var q: Matrix
    /// D_j = (Q_j + Q_jᵀ)U_j, d×r'.
    var direction: Matrix
    /// Models, residuals and weighted sums of the batch.
    var workspace: SensingPassWorkspace
    /// ‖Q_j‖₂ = √λ_max(Q_jᵀQ_j).
    var spectralNorm: SpectralNorm
    /// Singular values of U_j.
    var factorValues: SingularValues
    var decomposition: SignalDecomposition

    /// Sets up the batch; `factors[j]` is U₀ of `models[j]` (all d×r', one algorithm among
    /// subgm, subgm-noiseless and gd-l2). Throws `unsupportedBatch` for the population dynamics.
    init(models: [RobustRecovery], instance: RecoveryInstance, factors: [Matrix], record: RecordPolicy) throws {
        let d = instance.d, k = factors.first?.columns ?? 0
        guard let algorithm = models.first?.algorithm, algorithm != .population,
              models.allSatisfy({ $0.algorithm == algorithm }) else { throw RobustRecoveryError.unsupportedBatch }
        self.instance = instance
        self.algorithm = algorithm
        let eigenNames = RobustRecovery.eigenvalueSeries(searchRank: k)
        self.eigenNames = eigenNames
        points = zip(models, factors).map { model, u in
            Point(model: model, u: u,
                  run: PointRun(recorder: model.recorder(policy: record, eigenNames: eigenNames), iterations: model.iterations),
                  tracker: SignalTracker(spectrum: instance.spectrum, initScale: model.initScale))
        }
        product = Matrix(rows: d, columns: d)
        q = Matrix(rows: d, columns: d)
        direction = Matrix(rows: d, columns: k)
        workspace = algorithm == .subgm
            ? instance.denseOperator.makeWorkspace(batch: models.count)
            : instance.symmetricOperator.makeWorkspace(batch: models.count)
        spectralNorm = try SpectralNorm(rows: d, columns: d)
        factorValues = try SingularValues(rows: d, columns: k)
        decomposition = try SignalDecomposition(basis: instance.signalBasis, spectrum: instance.spectrum, searchRank: k)
    }

    /// Runs every point for its budget T (or until its `stop_below`/divergence); one outcome
    /// per point, in order.
    mutating func run() throws -> [Outcome] {
        let budget = points.map(\.model.iterations).max() ?? 0
        let m = Double(instance.measurements.count)
        let dense = instance.denseOperator
        for t in 0...budget {
            var running = 0
            for j in points.indices where points[j].run.active {
                try BLAS.gemm(.none, .transpose, points[j].u, points[j].u, into: &product)
                let error = product.frobeniusDistance(to: instance.groundTruth)
                guard points[j].run.admit(error: error, at: t, blowup: points[j].model.blowup, quantity: "‖U_tU_tᵀ − X*‖_F")
                else { continue }
                points[j].run.column = running
                if algorithm == .subgm {
                    setModelColumn(running, to: product)
                } else {
                    instance.symmetricOperator.pack(product, into: &workspace.models, column: running)
                }
                running += 1
            }
            if running == 0 { break }
            workspace.activeBatch = running
            if algorithm == .subgm {
                try dense.fusedPass(measurements: instance.measurements, weight: .sign, scale: 1 / m, workspace: &workspace)
            } else {
                try instance.symmetricOperator.fusedPass(measurements: instance.measurements,
                                                         weight: algorithm == .gdL2 ? .residual : .sign,
                                                         scale: algorithm == .gdL2 ? 2 / m : 1 / m, workspace: &workspace)
            }
            for j in points.indices where points[j].run.active {
                try advance(j, t)
            }
        }
        return points.map { point in
            point.model.outcome(errors: point.run.errors, loss: point.run.loss, finalLossL2: point.lossL2, noise: instance.noise,
                                status: point.run.status, message: point.run.message, metrics: point.run.metrics,
                                tracker: point.tracker, series: point.run.recorder.series)
        }
    }

    /// Records point j at iteration t from the current pass and, unless it is its last
    /// iteration, steps U_{t+1} = U_t − η_t·D_t.
    mutating func advance(_ j: Int, _ t: Int) throws {
        let model = points[j].model
        let loss = residualMean(column: points[j].run.column, squared: false)
        let last = points[j].run.recordStep(t, loss: loss, iterations: model.iterations, stopBelow: model.stopBelow)
        if last || points[j].run.recorder.wants(t) {
            try points[j].observe(step: t, last: last, decomposition: &decomposition, factorValues: &factorValues,
                                  eigenNames: eigenNames)
        }
        if last {
            points[j].lossL2 = residualMean(column: points[j].run.column, squared: true)
            return
        }
        let schedule = model.step * pow(model.decay, Double(t))
        let stepSize: Double
        switch algorithm {
        case .subgm:
            copyWeightedSum(points[j].run.column)
            let norm = try spectralNorm.compute(q)
            // Q_t = 0 only when every residual is 0: U_t fits all measurements; stay.
            guard norm > 0 else { return }
            stepSize = schedule / norm
            try BLAS.gemm(.none, .none, q, points[j].u, into: &direction)
            try BLAS.gemm(.transpose, .none, q, points[j].u, beta: 1, into: &direction)
        case .subgmNoiseless, .gdL2:
            stepSize = algorithm == .gdL2 ? schedule : 0.5 * model.step * loss
            instance.symmetricOperator.unpackWeightedSum(workspace.weightedSum, column: points[j].run.column, into: &q)
            // (Q + Qᵀ)U = 2·sym(Q)·U.
            try BLAS.gemm(q, points[j].u, alpha: 2, into: &direction)
        case .population:
            return
        }
        BLAS.axpy(alpha: -stepSize, direction.elements, &points[j].u.elements)
    }

    /// Column j of the models ← vec(M).
    mutating func setModelColumn(_ j: Int, to m: Matrix) {
        m.elements.withUnsafeBufferPointer { source in
            fillModelColumn(j) { source[$0] }
        }
    }

    /// Column j of the models ← value(e) for e = 0 ..< p.
    mutating func fillModelColumn(_ j: Int, _ value: (Int) -> Double) {
        let p = workspace.models.rows
        workspace.models.elements.withUnsafeMutableBufferPointer { models in
            for e in 0..<p { models[j * p + e] = value(e) }
        }
    }

    /// q ← column j of the weighted sums, as a d×d matrix (dense pass: Q_j).
    mutating func copyWeightedSum(_ j: Int) {
        let p = workspace.weightedSum.rows
        let sums = workspace.weightedSum
        sums.elements.withUnsafeBufferPointer { sums in
            q.elements.withUnsafeMutableBufferPointer { target in
                for e in 0..<p { target[e] = sums[j * p + e] }
            }
        }
    }

    /// (1/m)Σ|rᵢ| or (1/m)Σ rᵢ² over column j of the residuals.
    func residualMean(column j: Int, squared: Bool) -> Double {
        let m = workspace.residuals.rows
        return workspace.residuals.elements.withUnsafeBufferPointer { r in
            var sum = 0.0
            for i in (j * m)..<((j + 1) * m) { sum += squared ? r[i] * r[i] : abs(r[i]) }
            return sum / Double(m)
        }
    }
}

/// Failures of a robust-recovery run that are not divergence.
public enum RobustRecoveryError: Error, Sendable, CustomStringConvertible {
    /// The population dynamics (no measurements) or mixed algorithms were given to the batched iteration.
    case unsupportedBatch

    public var description: String {
        switch self {
        case .unsupportedBatch: return "only one of subgm, subgm-noiseless, gd-l2 can be batched over a shared operator"
        }
    }
}
