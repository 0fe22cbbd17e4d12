import ExperimentKit
@testable import MatrixSensing
import NumericsCore
import Sensing

/// A small resolved matrix-sensing model (n = 8, r = 2, m = 160) with overrides.
func smallModel(_ overrides: [String: ParameterValue] = [:]) throws -> MatrixSensing {
    var given: [String: ParameterValue] = ["n": .int(8), "rank": .int(2), "measurements": .int(160),
                                           "search_rank": .int(2), "init_scale": .double(0.5),
                                           "step": .double(0.1), "iterations": .int(400)]
    for (k, v) in overrides { given[k] = v }
    return try MatrixSensing(parameters: MatrixSensing.schema.resolve(ParameterSet(given)))
}

/// ⟨A_i, M⟩ computed entry by entry from the operator's column i.
func naiveMeasurement(_ instance: SensingInstance, _ i: Int, _ m: Matrix) -> Double {
    var sum = 0.0
    for col in 0..<instance.n {
        for row in 0..<instance.n {
            sum += instance.sensingOperator[row + col * instance.n, i] * m[row, col]
        }
    }
    return sum
}

/// Training loss of the symmetric (1/4m) or asymmetric (1/2m) model at M, by the naive formula.
func naiveLoss(_ instance: SensingInstance, _ m: Matrix, symmetric: Bool) -> Double {
    let count = instance.measurements.count
    var sum = 0.0
    for i in 0..<count {
        let r = naiveMeasurement(instance, i, m) - instance.measurements[i]
        sum += r * r
    }
    return sum / Double((symmetric ? 4 : 2) * count)
}
