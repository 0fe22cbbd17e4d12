import ExperimentKit
import NumericsCore
import Sensing

/// Gradient descent on the symmetric factorization M = XXᵀ with the loss
/// f(X) = (1/4m)·Σ rᵢ², rᵢ = ⟨Aᵢ, XXᵀ⟩ − yᵢ (Algorithm 1 of the paper, in our reading):
///
///     X_{t+1} = X_t − η·E_t·X_t,   E_t = (1/m)·Σᵢ rᵢ·sym(Aᵢ),
///
/// where E_t is the weighted sum of the packed symmetric pass (weights rᵢ, scale 1/m).
struct SymmetricDescent: SensingIteration {
    let model: MatrixSensing
    /// X_t, n×k.
    var x: Matrix
    /// E_t·X_t, n×k.
    var direction: Matrix

    init(model: MatrixSensing, x: Matrix) {
        self.model = model
        self.x = x
        direction = Matrix(rows: x.rows, columns: x.columns)
    }

    var settings: IterationSettings { model.settings }

    func formIterate(into iterate: inout Matrix) throws {
        try BLAS.gemm(.none, .transpose, x, x, into: &iterate)
    }

    /// f(X_t) = (1/4m)·Σ rᵢ².
    func loss(pass: SensingPassWorkspace, column: Int, error: Double) -> Double {
        1 / (4 * Double(pass.measurementCount)) * pass.residualSum(column: column, squared: true)
    }

    mutating func step(at t: Int, loss: Double, weightedSum e: Matrix, run: inout PointRun) throws {
        try BLAS.symm(e, x, into: &direction)
        BLAS.axpy(alpha: -model.settings.step, direction.elements, &x.elements)
    }
}
