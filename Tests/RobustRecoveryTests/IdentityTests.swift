import ExperimentKit
import Foundation
@testable import RobustRecovery
import NumericsCore
import Sensing
import Testing

/// The sanity identity E[f(U)] = √(2/π)·‖UUᵀ − X*‖_F and the distribution of the generated noise.
@Suite struct IdentityTests {
    /// E[f(U)] = √(2/π)·‖UUᵀ − X*‖_F for noiseless Gaussian measurements: each residual
    /// ⟨Aᵢ, UUᵀ − X*⟩ is N(0, σ²) with σ = ‖UUᵀ − X*‖_F, so |rᵢ| has mean σ√(2/π) and
    /// variance σ²(1 − 2/π); the mean of m of them is within 4 standard errors.
    @Test func expectedL1LossIsSqrtTwoOverPiTimesTheError() throws {
        let m = 20_000
        let model = try smallModel(["d": .int(6), "measurements": .int(m), "search_rank": .int(3)])
        let problem = try instance(of: model, seed: 21)
        var g = Xoshiro256StarStar(seed: 22)
        let u = Matrix.gaussian(rows: 6, columns: 3, scale: 0.7, using: &g)
        var iteration = try SubgradientIteration(model: model, instance: problem, u: u)
        try BLAS.gemm(.none, .transpose, u, u, into: &iteration.product)
        try iteration.formResiduals()
        let loss = meanAbsolute(iteration.residuals)
        let sigma = iteration.product.frobeniusDistance(to: problem.groundTruth)
        let expected = (2 / Double.pi).squareRoot() * sigma
        let standardError = sigma * ((1 - 2 / Double.pi) / Double(m)).squareRoot()
        #expect(abs(loss - expected) < 4 * standardError)
        // The test can fail: the ℓ2 scale σ (no √(2/π)) is many standard errors away.
        #expect(abs(loss - sigma) > 20 * standardError)
    }

    /// Each measurement is an outlier with probability p: the count is Binomial(m, p), so the
    /// fraction lies within 4 standard deviations √(p(1−p)/m) of p; outliers have standard
    /// deviation outlier_std (sample s.d. within 4·σ/√(2n)), clean measurements none.
    @Test func outlierFractionIsWithinABinomialInterval() throws {
        let m = 4000, p = 0.3
        let model = try smallModel(["d": .int(3), "rank": .int(1), "spectrum": .reals([1]), "measurements": .int(m),
                                    "search_rank": .int(1), "noise": .string("outliers"),
                                    "outlier_fraction": .double(p), "outlier_std": .double(10)])
        let problem = try instance(of: model, seed: 31)
        let count = problem.isOutlier.filter { $0 }.count
        let fraction = Double(count) / Double(m)
        #expect(abs(fraction - p) < 4 * (p * (1 - p) / Double(m)).squareRoot())
        let outliers = zip(problem.noise, problem.isOutlier).filter(\.1).map(\.0)
        #expect(zip(problem.noise, problem.isOutlier).allSatisfy { $0.1 || $0.0 == 0 })
        let sd = Statistics.standardDeviation(outliers)
        #expect(abs(sd - 10) < 4 * 10 / (2 * Double(outliers.count)).squareRoot())
        // y = 𝒜(X*) + s.
        let i = try #require(problem.isOutlier.firstIndex(of: true))
        #expect(abs(naiveResidual(problem, i, problem.groundTruth) + problem.noise[i]) < 1e-10)
    }

    /// Dense Gaussian noise: every measurement gets N(0, ν²).
    @Test func gaussianNoiseHasStandardDeviationNu() throws {
        let m = 4000
        let model = try smallModel(["d": .int(3), "rank": .int(1), "spectrum": .reals([1]), "measurements": .int(m),
                                    "search_rank": .int(1), "noise": .string("gaussian"), "noise_std": .double(0.5)])
        let problem = try instance(of: model, seed: 32)
        let sd = Statistics.standardDeviation(problem.noise)
        #expect(abs(sd - 0.5) < 4 * 0.5 / (2 * Double(m)).squareRoot())
        #expect(abs(Statistics.mean(problem.noise)) < 4 * 0.5 / Double(m).squareRoot())
    }
}
