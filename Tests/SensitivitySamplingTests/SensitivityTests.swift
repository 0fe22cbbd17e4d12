import Foundation
import NumericsCore
@testable import SensitivitySampling
import Testing

/// Exact sensitivities against independent references: leverage scores at p = 2, brute-force
/// vertex enumeration at p = 1, and the Gaussian closed form for large n.
@Suite struct SensitivityTests {
    @Test func p2SensitivitiesEqualLeverageScores() throws {
        let q = try basis(.heavyTailed, n: 200, d: 5, seed: 11)
        let exact = ExactSensitivities(basis: q, p: 2, tolerance: 1e-10)
        for (s, t) in zip(exact.sensitivities, q.leverageScores) {
            #expect(abs(s - t) <= 1e-8 * t)
        }
        #expect(exact.unconvergedRows == 0)
    }

    @Test func p1MatchesBruteForceVertexEnumeration() throws {
        // 1/σᵢ = min ‖Ax‖₁ s.t. aᵢx = 1: an LP in d = 3 variables whose optimum is attained at a
        // vertex, where two other residuals vanish. Enumerate all such vertices.
        var g = Xoshiro256StarStar(seed: 5)
        let n = 7
        let rows = (0..<n).map { _ in (0..<3).map { _ in g.nextNormal() } }
        let q = try OrthonormalBasis(Matrix(rows))
        let exact = ExactSensitivities(basis: q, p: 1, tolerance: 1e-9)
        for i in 0..<n {
            var best = Double.infinity
            for j in 0..<n where j != i {
                for k in (j + 1)..<n where k != i {
                    guard let x = solve3([rows[i], rows[j], rows[k]], [1, 0, 0]) else { continue }
                    let cost = rows.reduce(0.0) { $0 + abs($1[0] * x[0] + $1[1] * x[1] + $1[2] * x[2]) }
                    best = min(best, cost)
                }
            }
            #expect(abs(exact.sensitivities[i] - 1 / best) <= 1e-7 / best, "row \(i)")
            #expect(exact.upperBounds[i] >= 1 / best * (1 - 1e-12))
        }
    }

    @Test(arguments: [1.0, 1.5, 3.0])
    func certifiedGapMeetsTolerance(p: Double) throws {
        let q = try basis(.lowRankPlusSparse, n: 150, d: 4, seed: 3)
        let exact = ExactSensitivities(basis: q, p: p, tolerance: 1e-8)
        #expect(exact.unconvergedRows == 0)
        #expect(exact.maxGap <= 1e-8)
        for (s, u) in zip(exact.sensitivities, exact.upperBounds) { #expect(s <= u * (1 + 1e-12)) }
    }

    @Test(arguments: [1.0, 3.0])
    func maximizersAttainTheReportedSensitivities(p: Double) throws {
        // The primal certificate: xᵢ is feasible (qᵢᵀxᵢ = 1) and 1/‖Qxᵢ‖_p^p is the reported σᵢ,
        // which the dual certificate bounds from above within the tolerance.
        let q = try basis(.heavyTailed, n: 120, d: 4, seed: 17)
        let exact = ExactSensitivities(basis: q, p: p, tolerance: 1e-8)
        for i in 0..<120 {
            let x = Array(exact.maximizers[(i * 4)..<(i * 4 + 4)])
            let c = q.row(i)
            #expect(abs(zip(c, x).reduce(0.0) { $0 + $1.0 * $1.1 } - 1) <= 1e-12, "row \(i)")
            var r = [Double](repeating: 0, count: 120)
            q.apply(x, into: &r)
            let primal = r.reduce(0.0) { $0 + pow(abs($1), p) }
            #expect(abs(1 / primal - exact.sensitivities[i]) <= 1e-12 * exact.sensitivities[i], "row \(i)")
            #expect(exact.sensitivities[i] <= exact.upperBounds[i] * (1 + 1e-12))
            #expect(exact.upperBounds[i] <= exact.sensitivities[i] * (1 + 1e-8) / (1 - 1e-8) * (1 + 1e-12))
        }
    }

    @Test func gaussianTotalSensitivityMatchesClosedForm() throws {
        // For n ≫ d the sensitivities of a Gaussian matrix are flat: σᵢ ≈ ‖aᵢ‖^p/(n E|g|^p), so
        // 𝔖 → E‖g_d‖^p / E|g|^p = Γ((d+p)/2)/Γ(d/2) · 2^{p/2} / E|g|^p, which is the large-d
        // approximation d^{p/2}/E|g|^p up to the factor Γ((d+p)/2)/(Γ(d/2)(d/2)^{p/2}) → 1 as
        // d grows.
        // Stated tolerance: 8% at n = 1500, d = 3 (the sup over x adds an O(√(d/n)) excess).
        let p = 3.0, d = 3
        let q = try basis(.gaussian, n: 1500, d: d, seed: 21)
        let total = ExactSensitivities(basis: q, p: p, tolerance: 1e-8).sensitivities.reduce(0, +)
        let finiteD = RowScores.gaussianTotalSensitivity(p: p, d: d)
            * tgamma((Double(d) + p) / 2) / (tgamma(Double(d) / 2) * pow(Double(d) / 2, p / 2))
        #expect(abs(finiteD / RowScores.gaussianTotalSensitivityLimit(p: p, d: d) - 1) < 1e-12)
        #expect(abs(RowScores.gaussianTotalSensitivity(p: 2, d: 7) - 7) < 1e-12)  // E g² = 1
        #expect(abs(total / finiteD - 1) < 0.08, "𝔖 = \(total), limit \(finiteD)")
        #expect(total <= pow(Double(d), p / 2))
    }
}
