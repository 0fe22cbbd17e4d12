import Foundation
import NumericsCore
import Sensing
import Testing
@testable import MatrixCompletion

/// The error measures against their definitions computed on dense matrices.
@Suite struct RecoveryMeasureTests {
    let m = 30, n = 20, k = 3

    func factors() throws -> PlantedFactors {
        var g = Xoshiro256StarStar(seed: 4)
        return try PlantedFactors(rows: m, columns: n, spectrum: [3, 2, 0.5], using: &g)
    }

    /// A factor pair near the truth: U an orthonormal basis of a perturbed U*, V arbitrary.
    func iterate(_ f: PlantedFactors, perturbation: Double) throws -> (u: Matrix, v: Matrix) {
        var g = Xoshiro256StarStar(seed: 5)
        let noisy = f.left + perturbation * Matrix.gaussian(rows: m, columns: k, using: &g)
        let u = try QR(noisy).q
        let v = Matrix.gaussian(rows: n, columns: k, using: &g)
        return (u.transposed, v.transposed)
    }

    @Test func theRelativeErrorIsTheDenseOne() throws {
        let f = try factors()
        let (u, v) = try iterate(f, perturbation: 0.1)
        var measure = RecoveryMeasure(truth: .planted(f), rank: k, rows: m, columns: n)
        let truth = denseTruth(f)
        let expected = relativeDistance(denseProduct(u, v), truth)
        let ours = try #require(try measure.relativeError(u: u, v: v))
        #expect(abs(ours - expected) < 1e-12 * expected)
        var dense = RecoveryMeasure(truth: .dense(truth), rank: k, rows: m, columns: n)
        #expect(abs(try #require(try dense.relativeError(u: u, v: v)) - expected) < 1e-12 * expected)
    }

    @Test func tinyErrorsAreMeasuredWithoutCancellation() throws {
        // X = U·(V*ΣU*ᵀU)ᵀ with span U = span U* up to 1e-12: ‖X − M‖/‖M‖ ~ 1e-12, which a
        // difference of squared norms could not resolve (its floor is ~1e-8).
        let f = try factors()
        let (u, _) = try iterate(f, perturbation: 1e-12)
        let w = try BLAS.product(f.left, u.transposed, .transpose, .none)  // U*ᵀU, k×k
        var sigmaW = w
        for a in 0..<k { for b in 0..<k { sigmaW[a, b] *= f.spectrum[a] } }
        let v = try BLAS.product(f.right, sigmaW).transposed  // (V*ΣU*ᵀU)ᵀ, k×n
        var measure = RecoveryMeasure(truth: .planted(f), rank: k, rows: m, columns: n)
        let error = try #require(try measure.relativeError(u: u, v: v))
        let distance = try #require(try measure.subspaceDistance(u: u))
        #expect(error > 1e-14 && error < 1e-11)
        // Here UVᵀ = UUᵀM: the error is ‖(I − UUᵀ)U*Σ‖_F/‖M‖_F, between σ_k·d and σ₁·√k·d over ‖σ‖
        // for the distance d = ‖(I − UUᵀ)U*‖₂.
        let norm = f.frobeniusNorm
        #expect(error <= 3 * 3.0.squareRoot() / norm * distance * (1 + 1e-6))
        #expect(error >= 0.5 / norm * distance * (1 - 1e-6))
    }

    @Test func theSubspaceDistanceIsTheSineOfTheLargestAngle() throws {
        // U = U* with its first column turned by θ towards a unit vector orthogonal to U*.
        let f = try factors()
        var g = Xoshiro256StarStar(seed: 8)
        var w = Matrix.gaussian(rows: m, columns: 1, using: &g)
        let coefficients = try BLAS.product(f.left, w, .transpose, .none)
        w = w - (try BLAS.product(f.left, coefficients))
        let scale = 1 / w.frobeniusNorm
        let theta = 0.3
        var u = f.left
        for i in 0..<m { u[i, 0] = cos(theta) * f.left[i, 0] + sin(theta) * scale * w[i, 0] }
        var measure = RecoveryMeasure(truth: .planted(f), rank: k, rows: m, columns: n)
        let distance = try #require(try measure.subspaceDistance(u: u.transposed))
        #expect(abs(distance - sin(theta)) < 1e-13)
    }

    @Test func theObservedResidualIsItsDefinition() throws {
        let problem = try plantedProblem()
        var g = Xoshiro256StarStar(seed: 1)
        let u = Matrix.gaussian(rows: 3, columns: 60, using: &g), v = Matrix.gaussian(rows: 3, columns: 50, using: &g)
        let x = denseProduct(u, v)
        var residual = 0.0, total = 0.0
        for e in triplets(problem.observed) {
            residual += (x[e.i, e.j] - e.value) * (x[e.i, e.j] - e.value)
            total += e.value * e.value
        }
        let ours = RecoveryMeasure.observedResidual(u: u, v: v, observed: problem.observed)
        #expect(abs(ours - (residual / total).squareRoot()) < 1e-13 * ours)
    }
}
