import ExperimentKit
import NumericsCore
import Sensing

/// Gradient descent on the asymmetric factorization M = FGᵀ with the loss
/// f(F, G) = (1/2m)·Σ rᵢ², rᵢ = ⟨Aᵢ, FGᵀ⟩ − yᵢ (Algorithms 1 and 2 of the paper, in our reading):
///
///     F_{t+1} = F_t − η·E_t·G_t,   G_{t+1} = G_t − η·E_tᵀ·F_t,   E_t = (1/m)·Σᵢ rᵢAᵢ,
///
/// where E_t is the weighted sum of the full pass (weights rᵢ, scale 1/m). The rebalanced
/// variant applies `Rebalancing.rebalance` once, the first time the error falls below
/// `switch_below`, before that iteration's step.
struct AsymmetricDescent: SensingIteration {
    let model: MatrixSensing
    /// F_t and G_t, n×k.
    var f: Matrix
    var g: Matrix
    /// E_tᵀ, n×n (E_t·G_t is formed as (E_tᵀ)ᵀ·G_t; see `BLAS`).
    var transposedE: Matrix
    /// E_t·G_t and E_tᵀ·F_t, n×k.
    var stepF: Matrix
    var stepG: Matrix
    /// The iteration of the rebalancing step, once taken.
    var switchIteration: Int?

    init(model: MatrixSensing, f: Matrix, g: Matrix) {
        self.model = model
        self.f = f
        self.g = g
        transposedE = Matrix(rows: f.rows, columns: f.rows)
        stepF = Matrix(rows: f.rows, columns: f.columns)
        stepG = Matrix(rows: f.rows, columns: f.columns)
    }

    var settings: IterationSettings { model.settings }

    func formIterate(into iterate: inout Matrix) throws {
        try BLAS.gemm(.none, .transpose, f, g, into: &iterate)
    }

    /// f(F_t, G_t) = (1/2m)·Σ rᵢ².
    func loss(pass: SensingPassWorkspace, column: Int, error: Double) -> Double {
        1 / (2 * Double(pass.measurementCount)) * pass.residualSum(column: column, squared: true)
    }

    mutating func step(at t: Int, loss: Double, weightedSum e: Matrix, run: inout PointRun) throws {
        if model.parameterization == .asymmetricRebalanced, switchIteration == nil,
           run.errors[run.errors.count - 1] < model.switchBelow {
            try Rebalancing.rebalance(&f, &g)
            switchIteration = t
        }
        e.transpose(into: &transposedE)
        try BLAS.gemm(.transpose, .none, transposedE, g, into: &stepF)
        try BLAS.gemm(.transpose, .none, e, f, into: &stepG)
        BLAS.axpy(alpha: -model.settings.step, stepF.elements, &f.elements)
        BLAS.axpy(alpha: -model.settings.step, stepG.elements, &g.elements)
    }
}
