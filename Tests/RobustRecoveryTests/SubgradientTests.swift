import ExperimentKit
import Foundation
@testable import RobustRecovery
import NumericsCore
import Sensing
import Testing

/// The search directions equal finite-difference gradients of their losses, and the
/// signal/cross/residual split adds up to the error.
@Suite struct SubgradientTests {
    func setUp(_ algorithm: String, noise: String = "outliers") throws -> (RobustRecovery, RecoveryInstance, SubgradientIteration) {
        let model = try smallModel(["algorithm": .string(algorithm), "noise": .string(noise), "search_rank": .int(3)])
        let problem = try instance(of: model, seed: 41)
        var g = Xoshiro256StarStar(seed: 42)
        let u = Matrix.gaussian(rows: model.d, columns: 3, scale: 0.5, using: &g)
        var iteration = try SubgradientIteration(model: model, instance: problem, u: u)
        try BLAS.gemm(.none, .transpose, u, u, into: &iteration.product)
        try iteration.formResiduals()
        return (model, problem, iteration)
    }

    /// D = (Q + Qᵀ)U with Q = (1/m)Σ sign(rᵢ)Aᵢ is the gradient of f(U) = (1/m)Σ|rᵢ| where no
    /// residual is 0: f is then a quadratic in U within a step h of U, so central
    /// differences are exact up to rounding.
    @Test func subgradientIsTheGradientOfTheL1Loss() throws {
        var (_, problem, iteration) = try setUp("subgm")
        let u0 = iteration.u
        let h = 1e-6
        let smallest = iteration.residuals.map(abs).min() ?? 0
        try #require(smallest > 1e-4)
        try iteration.descend(0, loss: meanAbsolute(iteration.residuals))
        let reference = finiteDifference(u0, h: h) { naiveLoss(problem, $0, squared: false) }
        #expect(iteration.direction.isApproximatelyEqual(to: reference, tolerance: 1e-7))
        // The step is η·ρ⁰/‖Q₀‖₂ along −D.
        let norm = try SVD(iteration.q).singularValues[0]
        let expected = u0 - (0.1 / norm) * reference
        #expect(iteration.u.isApproximatelyEqual(to: expected, tolerance: 1e-7))
    }

    /// The ℓ2 baseline steps along the gradient of (1/m)Σrᵢ².
    @Test func l2DirectionIsTheGradientOfTheSquaredLoss() throws {
        var (_, problem, iteration) = try setUp("gd-l2", noise: "gaussian")
        let u0 = iteration.u
        try iteration.descend(0, loss: 0)
        let reference = finiteDifference(u0, h: 1e-6) { naiveLoss(problem, $0, squared: true) }
        #expect(iteration.direction.isApproximatelyEqual(to: reference, tolerance: 1e-6))
    }

    /// ‖UUᵀ − X*‖²_F = ‖SSᵀ − Λ‖²_F + 2‖SEᵀ‖²_F + ‖EEᵀ‖²_F (blocks in the basis [V, V⊥]);
    /// E splits into its cross and residual parts orthogonally; with r' = r (S invertible)
    /// E lies in the row space of S and the residual vanishes.
    @Test func decompositionAddsUpToTheError() throws {
        let (_, problem, iteration) = try setUp("subgm")
        var parts = try SignalDecomposition(basis: problem.signalBasis, spectrum: problem.spectrum, searchRank: 3)
        try parts.measure(iteration.u)
        let cross = try BLAS.product(parts.signal, parts.outside, .none, .transpose).frobeniusNorm
        let residualGram = try BLAS.product(parts.outside, parts.outside, .none, .transpose).frobeniusNorm
        let error = iteration.product.frobeniusDistance(to: problem.groundTruth)
        let sum = parts.signalError * parts.signalError + 2 * cross * cross + residualGram * residualGram
        #expect(abs(sum.squareRoot() - error) < 1e-10 * error)
        let outside = parts.outside.frobeniusNorm
        let split = (parts.crossNorm * parts.crossNorm + parts.residualNorm * parts.residualNorm).squareRoot()
        #expect(abs(split - outside) < 1e-12 * outside)
        #expect(parts.residualNorm > 1e-3)

        var exact = try SignalDecomposition(basis: problem.signalBasis, spectrum: problem.spectrum, searchRank: 2)
        var g = Xoshiro256StarStar(seed: 43)
        try exact.measure(Matrix.gaussian(rows: problem.d, columns: 2, using: &g))
        #expect(exact.residualNorm < 1e-12)
        #expect(exact.crossNorm > 1e-2)
    }
}
