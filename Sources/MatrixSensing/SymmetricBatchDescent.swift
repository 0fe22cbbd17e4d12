import ExperimentKit
import NumericsCore

/// Gradient descent on `M = XXᵀ` for a batch of B sweep points on one instance, advanced
/// together: per iteration one fused pass over the packed symmetric operator computes every
/// point's residuals rᵢ = ⟨Aᵢ, X_jX_jᵀ⟩ − yᵢ and gradient E_j = (1/m)Σ rᵢ·sym(Aᵢ) (a gemm with B
/// columns; gemv for B = 1), then each point steps X_j ← X_j − η_j·E_j·X_j. Each point keeps its
/// own step, initialization, stopping and divergence; a point that stops is frozen (the
/// running points fill the first columns of the workspace and only those are passed, so a
/// stopped point costs nothing). Every buffer is allocated before the loop.
struct SymmetricBatchDescent {
    /// The state of one sweep point.
    struct Point {
        let model: MatrixSensing
        /// X_t, n×k.
        var factor: Matrix
        /// Its errors ‖X_tX_tᵀ − M*‖_F, series and status.
        var run: PointRun
    }

    let instance: SensingInstance
    let sensing: SymmetricSensingOperator
    var points: [Point]
    /// X_jX_jᵀ, n×n.
    var product: Matrix
    /// E_j = (1/m)Σ rᵢ·sym(Aᵢ), n×n.
    var gradient: Matrix
    /// E_j·X_j, n×k.
    var stepF: Matrix
    /// Packed models, residuals and packed gradients of the batch.
    var workspace: SensingPassWorkspace

    /// Sets up the batch; `factors[j]` is X₀ of `models[j]` (all n×k with the instance's n).
    /// With k = r each point gets `hessian_rate`, the rate the loss Hessian at M* predicts
    /// (`LocalHessian`). Throws when the instance has no packed operator.
    init(models: [MatrixSensing], instance: SensingInstance, factors: [Matrix], record: RecordPolicy) throws {
        guard let sensing = instance.symmetricOperator else { throw MatrixSensingError.missingSymmetricOperator }
        let n = instance.n, k = factors.first?.columns ?? 0
        self.instance = instance
        self.sensing = sensing
        // The exact case k = r: the local Hessian at M*, once for the batch (its points share
        // the instance and k), gives each point its predicted rate.
        var hessian: LocalHessian?
        if let first = models.first, first.searchRank == first.rank {
            hessian = try LocalHessian(instance: instance, rank: first.rank)
        }
        points = zip(models, factors).map { model, factor in
            let recorder = Recorder(policy: record, names: ["error", "loss"], iterations: model.iterations)
            var point = Point(model: model, factor: factor, run: PointRun(recorder: recorder, iterations: model.iterations))
            if let rate = hessian?.rate(step: model.step) { point.run.metrics["hessian_rate"] = rate }
            return point
        }
        product = Matrix(rows: n, columns: n)
        gradient = Matrix(rows: n, columns: n)
        stepF = Matrix(rows: n, columns: k)
        workspace = sensing.makeWorkspace(batch: models.count)
    }

    /// Runs every point for its budget T (or until its `stop_below`/divergence); one outcome
    /// per point, in order.
    mutating func run() throws -> [Outcome] {
        let budget = points.map(\.model.iterations).max() ?? 0
        let m = Double(instance.measurements.count)
        let lossScale = 1 / (4 * m)
        for t in 0...budget {
            var running = 0
            for j in points.indices where points[j].run.active {
                try BLAS.gemm(.none, .transpose, points[j].factor, points[j].factor, into: &product)
                let error = product.frobeniusDistance(to: instance.groundTruth)
                guard points[j].run.admit(error: error, at: t, blowup: points[j].model.blowup, quantity: "‖M_t − M*‖_F")
                else { continue }
                points[j].run.column = running
                sensing.pack(product, into: &workspace.models, column: running)
                running += 1
            }
            if running == 0 { break }
            workspace.activeBatch = running
            try sensing.fusedPass(measurements: instance.measurements, weight: .residual, scale: 1 / m,
                                  workspace: &workspace)
            for j in points.indices where points[j].run.active {
                let model = points[j].model
                let loss = lossScale * workspace.residualSumOfSquares(column: points[j].run.column)
                if points[j].run.recordStep(t, loss: loss, iterations: model.iterations, stopBelow: model.stopBelow) { continue }
                sensing.unpackWeightedSum(workspace.weightedSum, column: points[j].run.column, into: &gradient)
                try BLAS.gemm(gradient, points[j].factor, into: &stepF)
                BLAS.axpy(alpha: -model.step, stepF.elements, &points[j].factor.elements)
            }
        }
        return points.map { point in
            point.model.outcome(errors: point.run.errors, loss: point.run.loss, status: point.run.status, message: point.run.message,
                                metrics: point.run.metrics, switchIteration: nil, series: point.run.recorder.series)
        }
    }
}
