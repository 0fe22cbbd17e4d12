import ExperimentKit
import Foundation
import NumericsCore
@testable import SensitivitySampling

/// The orthonormal basis of an n×d matrix of `family` drawn with `seed`.
func basis(_ family: MatrixFamily, n: Int, d: Int, seed: UInt64, tailDegrees: Double = 2) throws -> OrthonormalBasis {
    var g = Xoshiro256StarStar(seed: seed)
    let shape = FamilyShape(rowCount: n, dimension: d, tailDegrees: tailDegrees, spikes: 1, spikeRows: 1, lowRank: 1,
                            sparseFraction: 0.05, sparseScale: 10)
    return try OrthonormalBasis(try family.matrix(shape, file: nil, using: &g))
}

/// Solves the 3×3 system M x = b by Cramer's rule (nil when singular).
func solve3(_ m: [[Double]], _ b: [Double]) -> [Double]? {
    func det(_ a: [[Double]]) -> Double {
        a[0][0] * (a[1][1] * a[2][2] - a[1][2] * a[2][1]) - a[0][1] * (a[1][0] * a[2][2] - a[1][2] * a[2][0])
            + a[0][2] * (a[1][0] * a[2][1] - a[1][1] * a[2][0])
    }
    let D = det(m)
    guard abs(D) > 1e-12 else { return nil }
    return (0..<3).map { c in
        var mc = m
        for r in 0..<3 { mc[r][c] = b[r] }
        return det(mc) / D
    }
}

/// A resolved model with `overrides` on top of small defaults.
func model(_ overrides: [String: ParameterValue]) throws -> SensitivitySampling {
    var given: [String: ParameterValue] = ["n": .int(120), "d": .int(4), "trials": .int(3), "samples": .double(60)]
    for (k, v) in overrides { given[k] = v }
    return try SensitivitySampling(parameters: SensitivitySampling.schema.resolve(ParameterSet(given)))
}
