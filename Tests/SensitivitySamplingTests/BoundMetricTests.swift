import Foundation
import NumericsCore
@testable import SensitivitySampling
import Testing

/// The bound metrics of `RowScores` against closed forms on small matrices.
@Suite struct BoundMetricTests {
    /// An n×d matrix with orthonormal columns by classical Gram–Schmidt on Gaussian columns
    /// (independent of the Householder basis of the model), as rows.
    func orthonormalColumns(n: Int, d: Int, seed: UInt64) -> [[Double]] {
        var g = Xoshiro256StarStar(seed: seed)
        var columns: [[Double]] = []
        for _ in 0..<d {
            var v = (0..<n).map { _ in g.nextNormal() }
            for _ in 0..<2 {
                for u in columns {
                    let dot = zip(u, v).reduce(0.0) { $0 + $1.0 * $1.1 }
                    for i in 0..<n { v[i] -= dot * u[i] }
                }
            }
            let norm = v.reduce(0.0) { $0 + $1 * $1 }.squareRoot()
            columns.append(v.map { $0 / norm })
        }
        return (0..<n).map { i in columns.map { $0[i] } }
    }

    @Test func p2OrthonormalColumnsGiveRowNormsAndTightBounds() throws {
        // At p = 2, σᵢ = τᵢ = wᵢ = ‖aᵢ‖² for A with orthonormal columns, 𝔖 = d, and every
        // bound (upper and reverse) holds with equality.
        let rows = orthonormalColumns(n: 40, d: 3, seed: 8)
        let scores = try RowScores(basis: OrthonormalBasis(Matrix(rows)), p: 2, tolerance: 1e-10, lewisTolerance: 1e-13)
        for (i, row) in rows.enumerated() {
            let norm2 = row.reduce(0.0) { $0 + $1 * $1 }
            #expect(abs(scores.exact.sensitivities[i] - norm2) <= 1e-9 * norm2, "row \(i)")
            #expect(abs(scores.exact.upperBounds[i] - norm2) <= 1e-9 * norm2, "row \(i)")
        }
        let m = scores.boundMetrics(dimension: 3, slack: 1e-6)
        #expect(try #require(m["leverage_deviation"]) < 1e-8)
        for key in ["total_sensitivity_over_bound", "total_sensitivity_over_lower_bound", "max_lewis_bound_ratio",
                    "max_lewis_lower_bound_ratio", "max_root_leverage_bound_ratio"] {
            #expect(abs(try #require(m[key]) - 1) <= 1e-8, "\(key)")
        }
        for key in ["violations_total_bound", "violations_total_lower_bound", "violations_lewis_bound",
                    "violations_lewis_lower_bound", "violations_root_leverage_bound"] {
            #expect(m[key] == 0, "\(key)")
        }
    }

    @Test(arguments: [1.0, 1.5, 3.0])
    func stackedIdentitiesMatchTheirClosedForms(p: Double) throws {
        // A = [I_d; I_d]: σᵢ = sup |xⱼ|^p / (2‖x‖_p^p) = 1/2, wᵢ = τᵢ = 1/2, 𝔖 = d.
        let d = 4
        let rows = (0..<(2 * d)).map { i in (0..<d).map { $0 == i % d ? 1.0 : 0.0 } }
        let scores = try RowScores(basis: OrthonormalBasis(Matrix(rows)), p: p, tolerance: 1e-10, lewisTolerance: 1e-13)
        for (s, u) in zip(scores.exact.sensitivities, scores.exact.upperBounds) {
            #expect(abs(s - 0.5) <= 1e-8)
            #expect(u >= 0.5 * (1 - 1e-12) && u <= 0.5 * (1 + 1e-8))
        }
        let m = scores.boundMetrics(dimension: d, slack: 1e-6)
        let dd = Double(d)
        let closedForms: [String: Double] = p < 2
            ? ["total_sensitivity_over_bound": 1,
               "total_sensitivity_over_lower_bound": pow(dd, 1 - p / 2),
               "max_lewis_bound_ratio": 1,
               "max_lewis_lower_bound_ratio": pow(dd, p / 2 - 1),
               "max_root_leverage_bound_ratio": pow(2, p / 2 - 1)]
            : ["total_sensitivity_over_bound": pow(dd, 1 - p / 2),
               "total_sensitivity_over_lower_bound": 1,
               "max_lewis_bound_ratio": pow(dd, 1 - p / 2),
               "max_lewis_lower_bound_ratio": 1]
        for (key, value) in closedForms {
            #expect(abs(try #require(m[key]) - value) <= 1e-7 * value, "\(key) at p = \(p)")
        }
        for key in ["violations_total_bound", "violations_total_lower_bound", "violations_lewis_bound",
                    "violations_lewis_lower_bound"] {
            #expect(m[key] == 0, "\(key) at p = \(p)")
        }
    }

    @Test(arguments: [1.0, 1.5, 3.0])
    func upperBoundChecksUseTheCertifiedUpperValues(p: Double) throws {
        // Loosely solved sensitivities (relative gap 1e-2): the upper checks read the upper values.
        let q = try basis(.heavyTailed, n: 150, d: 4, seed: 21)
        let scores = try RowScores(basis: q, p: p, tolerance: 1e-2, lewisTolerance: 1e-12)
        let m = scores.boundMetrics(dimension: 4, slack: 0)
        let upperTotal = scores.exact.upperBounds.reduce(0, +)
        #expect(try #require(m["total_sensitivity_upper"]) == upperTotal)
        #expect(upperTotal >= scores.exact.sensitivities.reduce(0, +))
        let factor = p <= 2 ? 1 : pow(4, p / 2 - 1)
        let w = try #require(scores.lewis).weights
        let worst = zip(scores.exact.upperBounds, w).map { $0 / (factor * $1) }.max() ?? 0
        #expect(try #require(m["max_lewis_bound_ratio"]) == worst)
        let reverseFactor = p <= 2 ? pow(4, 1 - p / 2) : 1
        let reverseWorst = zip(scores.exact.sensitivities, w).map { $1 / (reverseFactor * $0) }.max() ?? 0
        #expect(try #require(m["max_lewis_lower_bound_ratio"]) == reverseWorst)
        #expect(reverseWorst <= 1 / (1 - 1e-2))
    }

    @Test func sampleBoundClosedForms() {
        // p = 1, 𝔖 = 4, d = 12: min(4², √12·4) = √12·4; p = 1.5, 𝔖 = 2: min(2^{4/3}, 12^{1/4}·2) = 2^{4/3};
        // p = 3, 𝔖 = 8: 8^{4/3} = 16.
        #expect(abs(SampleComplexity.sampleBound(totalSensitivity: 4, dimension: 12, p: 1) - 12.0.squareRoot() * 4) < 1e-12)
        #expect(abs(SampleComplexity.sampleBound(totalSensitivity: 2, dimension: 12, p: 1.5) - pow(2, 4.0 / 3)) < 1e-12)
        #expect(abs(SampleComplexity.sampleBound(totalSensitivity: 8, dimension: 12, p: 3) - 16) < 1e-12)
    }
}
