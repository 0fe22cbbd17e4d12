import ExperimentKit
import NumericsCore

/// Gradient descent on `M = FGᵀ` (asymmetric, optionally with the rebalancing step) for a
/// batch of B sweep points on one instance, advanced together: per iteration one fused pass
/// over the full operator computes every point's residuals rᵢ = ⟨Aᵢ, F_jG_jᵀ⟩ − yᵢ and
/// gradient E_j = (1/m)Σ rᵢAᵢ (a gemm with B columns; gemv for B = 1), then each point steps
/// F_j ← F_j − η_j·E_j·G_j, G_j ← G_j − η_j·E_jᵀ·F_j (Algorithms 1 and 2 of the paper). Each point
/// keeps its own step, initialization, switch, stopping and divergence; a point that stops is
/// frozen (the running points fill the first columns of the
/// workspace and only those are passed, so a stopped point costs nothing). Every buffer is allocated before the loop
/// (the rebalancing step, once per point, allocates).
struct AsymmetricBatchDescent {
    /// The state of one sweep point.
    struct Point {
        let model: MatrixSensing
        /// F_t and G_t, n×k.
        var f: Matrix
        var g: Matrix
        /// Its errors ‖F_tG_tᵀ − M*‖_F, series and status.
        var run: PointRun
        var switchIteration: Int?
    }

    let instance: SensingInstance
    let sensing: DenseSensingOperator
    var points: [Point]
    /// F_jG_jᵀ, n×n.
    var product: Matrix
    /// E_j = (1/m)Σ rᵢAᵢ, n×n.
    var gradient: Matrix
    /// E_j·G_j and E_jᵀ·F_j, n×k.
    var stepF: Matrix
    var stepG: Matrix
    /// vec(F_jG_jᵀ), residuals and vec(E_j) of the batch.
    var workspace: SensingPassWorkspace

    /// Sets up the batch; `factors[j]` is (F₀, G₀) of `models[j]` (all n×k with the instance's n).
    init(models: [MatrixSensing], instance: SensingInstance, factors: [(Matrix, Matrix)], record: RecordPolicy) throws {
        let n = instance.n, k = factors.first?.0.columns ?? 0
        self.instance = instance
        sensing = DenseSensingOperator(measurementColumns: instance.sensingOperator, n: n)
        points = try zip(models, factors).map { model, factor in
            let recorder = Recorder(policy: record, names: ["error", "loss"], iterations: model.iterations)
            var point = Point(model: model, f: factor.0, g: factor.1, run: PointRun(recorder: recorder, iterations: model.iterations))
            point.run.metrics["lambda_min_imbalance0"] = try FactoredGradientDescent.imbalance(factor.0, factor.1)
            return point
        }
        product = Matrix(rows: n, columns: n)
        gradient = Matrix(rows: n, columns: n)
        stepF = Matrix(rows: n, columns: k)
        stepG = Matrix(rows: n, columns: k)
        workspace = sensing.makeWorkspace(batch: models.count)
    }

    /// Runs every point for its budget T (or until its `stop_below`/divergence); one outcome
    /// per point, in order.
    mutating func run() throws -> [Outcome] {
        let budget = points.map(\.model.iterations).max() ?? 0
        let m = Double(instance.measurements.count)
        let lossScale = 1 / (2 * m)
        let entries = instance.n * instance.n
        for t in 0...budget {
            var running = 0
            for j in points.indices where points[j].run.active {
                try BLAS.gemm(.none, .transpose, points[j].f, points[j].g, into: &product)
                let error = product.frobeniusDistance(to: instance.groundTruth)
                guard points[j].run.admit(error: error, at: t, blowup: points[j].model.blowup, quantity: "‖M_t − M*‖_F")
                else { continue }
                points[j].run.column = running
                workspace.models.elements.withUnsafeMutableBufferPointer { models in
                    product.elements.withUnsafeBufferPointer { p in
                        for i in 0..<entries { models[running * entries + i] = p[i] }
                    }
                }
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
                if model.parameterization == .asymmetricRebalanced, points[j].switchIteration == nil,
                   points[j].run.errors[points[j].run.errors.count - 1] < model.switchBelow {
                    var (f, g) = (points[j].f, points[j].g)
                    try FactoredGradientDescent.rebalance(&f, &g)
                    (points[j].f, points[j].g) = (f, g)
                    points[j].switchIteration = t
                }
                let column = points[j].run.column
                gradient.elements.withUnsafeMutableBufferPointer { e in
                    workspace.weightedSum.elements.withUnsafeBufferPointer { sums in
                        for i in 0..<entries { e[i] = sums[column * entries + i] }
                    }
                }
                try BLAS.gemm(gradient, points[j].g, into: &stepF)
                try BLAS.gemm(.transpose, .none, gradient, points[j].f, into: &stepG)
                BLAS.axpy(alpha: -model.step, stepF.elements, &points[j].f.elements)
                BLAS.axpy(alpha: -model.step, stepG.elements, &points[j].g.elements)
            }
        }
        return points.map { point in
            point.model.outcome(errors: point.run.errors, loss: point.run.loss, status: point.run.status, message: point.run.message,
                                metrics: point.run.metrics, switchIteration: point.switchIteration,
                                series: point.run.recorder.series)
        }
    }
}
