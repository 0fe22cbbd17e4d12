import ExperimentKit
@testable import RobustRecovery
import NumericsCore
import Sensing

/// A small resolved robust-recovery model (d = 8, r = 2, λ = (2, 1), m = 300) with overrides.
func smallModel(_ overrides: [String: ParameterValue] = [:]) throws -> RobustRecovery {
    var given: [String: ParameterValue] = ["d": .int(8), "rank": .int(2), "spectrum": .reals([2, 1]),
                                           "measurements": .int(300), "search_rank": .int(2),
                                           "init_scale": .double(1e-3), "step": .double(0.1), "iterations": .int(400)]
    for (k, v) in overrides { given[k] = v }
    return try RobustRecovery(parameters: RobustRecovery.schema.resolve(ParameterSet(given)))
}

/// The instance of `model` drawn from `seed`.
func instance(of model: RobustRecovery, seed: UInt64) throws -> RecoveryInstance {
    var g = Xoshiro256StarStar(seed: seed)
    return try RecoveryInstance(d: model.d, spectrum: model.spectrum, measurementCount: model.measurementCount,
                                noise: model.noise, using: &g)
}

/// ⟨A_i, X⟩ − y_i entry by entry from column i of the operator.
func naiveResidual(_ instance: RecoveryInstance, _ i: Int, _ x: Matrix) -> Double {
    var sum = 0.0
    for col in 0..<instance.d {
        for row in 0..<instance.d {
            sum += instance.denseOperator.storage[row + col * instance.d, i] * x[row, col]
        }
    }
    return sum - instance.measurements[i]
}

/// (1/m)Σ|rᵢ| (ℓ1) or (1/m)Σrᵢ² (ℓ2) at UUᵀ, by the naive formula.
func naiveLoss(_ instance: RecoveryInstance, _ u: Matrix, squared: Bool) -> Double {
    let x = u.outer
    let m = instance.measurements.count
    var sum = 0.0
    for i in 0..<m {
        let r = naiveResidual(instance, i, x)
        sum += squared ? r * r : abs(r)
    }
    return sum / Double(m)
}

extension Matrix {
    /// UUᵀ by loops.
    var outer: Matrix {
        var x = Matrix(rows: rows, columns: rows)
        for i in 0..<rows {
            for j in 0..<rows {
                var s = 0.0
                for k in 0..<columns { s += self[i, k] * self[j, k] }
                x[i, j] = s
            }
        }
        return x
    }
}

/// Central finite differences of `loss` at x, step h.
func finiteDifference(_ x: Matrix, h: Double, _ loss: (Matrix) -> Double) -> Matrix {
    var grad = Matrix(rows: x.rows, columns: x.columns)
    for j in 0..<x.columns {
        for i in 0..<x.rows {
            var plus = x, minus = x
            plus[i, j] += h
            minus[i, j] -= h
            grad[i, j] = (loss(plus) - loss(minus)) / (2 * h)
        }
    }
    return grad
}
