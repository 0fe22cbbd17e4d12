import Foundation
import NumericsCore
@testable import SensitivitySampling
import Testing

/// Lewis weights: Σw = d at the fixed point, and the paper's per-row bounds on random matrices.
@Suite struct LewisWeightTests {
    @Test(arguments: [1.0, 1.5, 3.0])
    func lewisWeightsSumToD(p: Double) throws {
        let q = try basis(.heavyTailed, n: 200, d: 5, seed: 7)
        let lewis = try LewisWeights(basis: q, p: p, maxSteps: 5000, tolerance: 1e-13)
        #expect(lewis.converged)
        #expect(abs(lewis.weights.reduce(0, +) - 5) <= 1e-8 * 5)
    }

    @Test(arguments: [1.0, 3.0])
    func returnedWeightsAreTheFixedPoint(p: Double) throws {
        // wᵢ = (qᵢᵀ (QᵀW^{1−2/p}Q)⁻¹ qᵢ)^{p/2}, recomputed with plain loops and NumericsCore's Cholesky.
        let q = try basis(.heavyTailed, n: 150, d: 4, seed: 13)
        let w = try LewisWeights(basis: q, p: p, maxSteps: 5000, tolerance: 1e-13).weights
        var m = Matrix(rows: 4, columns: 4)
        for i in 0..<150 {
            let s = pow(w[i], 1 - 2 / p)
            for k in 0..<4 { for l in 0..<4 { m[k, l] += s * q.rows[i * 4 + k] * q.rows[i * 4 + l] } }
        }
        let cholesky = try Cholesky(m)
        for i in 0..<150 {
            let row = Matrix(rows: 4, columns: 1, columnMajor: q.row(i))
            let solved = try cholesky.solve(row)
            let form = (0..<4).reduce(0.0) { $0 + row[$1, 0] * solved[$1, 0] }
            #expect(abs(pow(form, p / 2) - w[i]) <= 1e-10 * w[i], "row \(i)")
        }
    }

    @Test func oneStepFromOnesIsRootLeverage() throws {
        let q = try basis(.gaussian, n: 60, d: 3, seed: 2)
        let w = try LewisWeights(basis: q, p: 1, maxSteps: 1, tolerance: 0).weights
        for (wi, t) in zip(w, q.leverageScores) { #expect(abs(wi - t.squareRoot()) <= 1e-12) }
    }

    @Test(arguments: [1.0, 1.5, 3.0])
    func sensitivityBoundsHoldOnEveryRow(p: Double) throws {
        for (family, seed) in [(MatrixFamily.heavyTailed, UInt64(1)), (.lowRankPlusSparse, 2), (.polynomial, 3)] {
            let q = try basis(family, n: 120, d: 4, seed: seed, tailDegrees: 1.5)
            let scores = try RowScores(basis: q, p: p, tolerance: 1e-9, lewisTolerance: 1e-13)
            let m = scores.boundMetrics(dimension: 4, slack: 1e-6)
            #expect(m["violations_lewis_bound"] == 0, "\(family) p = \(p)")
            #expect(m["violations_total_bound"] == 0, "\(family) p = \(p)")
            if p < 2 { #expect(m["violations_root_leverage_bound"] == 0, "\(family) p = \(p)") }
            // The bound is informative: some row comes within a factor 4 of it.
            #expect((m["max_lewis_bound_ratio"] ?? 0) > 0.25)
        }
    }
}
