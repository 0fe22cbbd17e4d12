import ExperimentKit
@testable import MatrixSensing
import NumericsCore
import Sensing

/// The plain reference of gradient descent on `M = XXᵀ` or `M = FGᵀ` for one instance, written
/// apart from `SensingLoop`: per iteration a gemv over the full n²×m operator for the residuals
/// and a second one for the gradient (no fused pass, no packing; the symmetric gradient is
/// symmetrized by hand).
struct FactoredGradientDescent {
    let model: MatrixSensing
    let instance: SensingInstance
    /// X (symmetric) or F (asymmetric), n×k.
    var f: Matrix
    /// G (asymmetric), n×k; 0×0 for the symmetric model.
    var g: Matrix
    /// M_t = XXᵀ or FGᵀ, n×n.
    var product: Matrix
    /// E = (1/m)·Σ rᵢAᵢ (symmetric model: overwritten by ½(E + Eᵀ)), n×n.
    var gradient: Matrix
    /// E·G (or ½(E+Eᵀ)·X), n×k.
    var stepF: Matrix
    /// Eᵀ·F, n×k.
    var stepG: Matrix
    /// r = 𝒜(M_t) − y, length m.
    var residuals: [Double]

    init(model: MatrixSensing, instance: SensingInstance, f: Matrix, g: Matrix?) {
        let n = instance.n, k = f.columns
        self.model = model
        self.instance = instance
        self.f = f
        self.g = g ?? Matrix(rows: 0, columns: 0)
        product = Matrix(rows: n, columns: n)
        gradient = Matrix(rows: n, columns: n)
        stepF = Matrix(rows: n, columns: k)
        stepG = Matrix(rows: g == nil ? 0 : n, columns: g == nil ? 0 : k)
        residuals = [Double](repeating: 0, count: instance.measurements.count)
    }

    var isSymmetric: Bool { model.parameterization == .symmetric }

    /// Runs T iterations (or until `stop_below`/divergence) and summarizes the curve.
    mutating func run(record: RecordPolicy) throws -> Outcome {
        let budget = model.settings.iterations
        let m = Double(residuals.count)
        let lossScale = isSymmetric ? 1 / (4 * m) : 1 / (2 * m)
        var errors: [Double] = []
        errors.reserveCapacity(budget + 1)
        var recorder = Recorder(policy: record, names: ["error", "loss"], iterations: budget)
        var metrics: [String: Double] = [:]
        if !isSymmetric {
            let imbalance = try Rebalancing.imbalance(f, g)
            metrics["lambda_min_imbalance0"] = imbalance
        }
        var switchIteration: Int?
        var status = RunStatus.ok
        var message: String?
        var loss = Double.nan

        for t in 0...budget {
            try formProduct()
            let error = product.frobeniusDistance(to: instance.groundTruth)
            if let reason = recorder.divergence(error: error, at: t, previous: errors.last, blowup: model.settings.blowup,
                                                quantity: "‖M_t − M*‖_F") {
                status = .diverged
                message = reason
                metrics["diverged_at"] = Double(t)
                break
            }
            errors.append(error)
            try formResiduals()
            loss = lossScale * BLAS.dot(residuals, residuals)
            let last = t == budget || error < model.settings.stopBelow
            recorder.record("error", step: t, value: error, force: last)
            recorder.record("loss", step: t, value: loss, force: last)
            if last { break }
            if model.parameterization == .asymmetricRebalanced, switchIteration == nil, error < model.switchBelow {
                try Rebalancing.rebalance(&f, &g)
                switchIteration = t
            }
            try descend(scale: 1 / m)
        }

        var run = PointRun(recorder: recorder, iterations: budget)
        run.errors = errors
        run.loss = loss
        run.status = status
        run.message = message
        run.metrics = metrics
        return model.outcome(run, switchIteration: switchIteration)
    }

    /// product ← XXᵀ or FGᵀ.
    mutating func formProduct() throws {
        if isSymmetric {
            try BLAS.gemm(.none, .transpose, f, f, into: &product)
        } else {
            try BLAS.gemm(.none, .transpose, f, g, into: &product)
        }
    }

    /// residuals ← 𝒜(M_t) − y, one pass over the operator.
    mutating func formResiduals() throws {
        let y = instance.measurements
        residuals.withUnsafeMutableBufferPointer { r in
            y.withUnsafeBufferPointer { y in
                for i in 0..<r.count { r[i] = y[i] }
            }
        }
        try BLAS.gemv(.transpose, alpha: 1, instance.sensingOperator, product.elements, beta: -1, into: &residuals)
    }

    /// One gradient step from the residuals: E = scale·Σ rᵢAᵢ (a second pass over the
    /// operator), then the update of Algorithm 1 or 2 of the paper.
    mutating func descend(scale: Double) throws {
        try BLAS.gemv(.none, alpha: scale, instance.sensingOperator, residuals, beta: 0, into: &gradient.elements)
        let eta = model.settings.step
        if isSymmetric {
            let n = gradient.rows
            gradient.elements.withUnsafeMutableBufferPointer { e in
                for j in 0..<n {
                    for i in 0..<j {
                        let mean = 0.5 * (e[i + j * n] + e[j + i * n])
                        e[i + j * n] = mean
                        e[j + i * n] = mean
                    }
                }
            }
            try BLAS.gemm(gradient, f, into: &stepF)
            BLAS.axpy(alpha: -eta, stepF.elements, &f.elements)
        } else {
            try BLAS.gemm(gradient, g, into: &stepF)
            try BLAS.gemm(.transpose, .none, gradient, f, into: &stepG)
            BLAS.axpy(alpha: -eta, stepF.elements, &f.elements)
            BLAS.axpy(alpha: -eta, stepG.elements, &g.elements)
        }
    }
}
