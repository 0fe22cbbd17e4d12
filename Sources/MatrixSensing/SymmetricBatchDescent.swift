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
    struct Point: BatchedPoint {
        let model: MatrixSensing
        /// X_t, n×k.
        var factor: Matrix
        /// ‖X_tX_tᵀ − M*‖_F for t = 0, 1, …
        var errors: [Double]
        var recorder: Recorder
        var loss = Double.nan
        var status = RunStatus.ok
        var message: String?
        var metrics: [String: Double] = [:]
        /// Whether the point still iterates.
        var active = true
        /// Its column in the workspace this iteration (running points fill the first columns).
        var column = 0
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
    /// Throws when the instance has no packed operator.
    init(models: [MatrixSensing], instance: SensingInstance, factors: [Matrix], record: RecordPolicy) throws {
        guard let sensing = instance.symmetricOperator else { throw MatrixSensingError.missingSymmetricOperator }
        let n = instance.n, k = factors.first?.columns ?? 0
        self.instance = instance
        self.sensing = sensing
        points = zip(models, factors).map { model, factor in
            var errors: [Double] = []
            errors.reserveCapacity(model.iterations + 1)
            return Point(model: model, factor: factor, errors: errors,
                         recorder: Recorder(policy: record, names: ["error", "loss"], iterations: model.iterations))
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
            for j in points.indices where points[j].active {
                try BLAS.gemm(.none, .transpose, points[j].factor, points[j].factor, into: &product)
                let error = product.frobeniusDistance(to: instance.groundTruth)
                guard points[j].admit(error: error, at: t, blowup: points[j].model.blowup, quantity: "‖M_t − M*‖_F")
                else { continue }
                points[j].column = running
                sensing.pack(product, into: &workspace.models, column: running)
                running += 1
            }
            if running == 0 { break }
            workspace.activeBatch = running
            try sensing.fusedPass(measurements: instance.measurements, weight: .residual, scale: 1 / m,
                                  workspace: &workspace)
            for j in points.indices where points[j].active {
                let model = points[j].model
                let loss = lossScale * workspace.residualSumOfSquares(column: points[j].column)
                if points[j].recordStep(t, loss: loss, iterations: model.iterations, stopBelow: model.stopBelow) { continue }
                sensing.unpackWeightedSum(workspace.weightedSum, column: points[j].column, into: &gradient)
                try BLAS.gemm(gradient, points[j].factor, into: &stepF)
                BLAS.axpy(alpha: -model.step, stepF.elements, &points[j].factor.elements)
            }
        }
        return points.map { point in
            point.model.outcome(errors: point.errors, loss: point.loss, status: point.status, message: point.message,
                                metrics: point.metrics, switchIteration: nil, series: point.recorder.series)
        }
    }
}
