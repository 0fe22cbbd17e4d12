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
