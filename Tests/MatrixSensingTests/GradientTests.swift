import ExperimentKit
@testable import MatrixSensing
import NumericsCore
import Sensing
import Testing

/// The update of each parameterization equals a step along the finite-difference gradient of
/// its loss: (1/4m)Σrᵢ² for XXᵀ, (1/2m)Σrᵢ² for FGᵀ.
@Suite struct GradientTests {
    func setUp(_ kind: Parameterization) throws -> (MatrixSensing, SensingInstance, Matrix, Matrix?) {
        let model = try smallModel(["parameterization": .string(kind.rawValue), "search_rank": .int(3), "step": .double(0.05)])
        var g = Xoshiro256StarStar(seed: 11)
        let instance = try SensingInstance(n: model.n, spectrum: model.spectrum, measurementCount: model.measurementCount, using: &g)
        let f = Matrix.gaussian(rows: model.n, columns: 3, scale: 0.4, using: &g)
        let gg = kind == .symmetric ? nil : Matrix.gaussian(rows: model.n, columns: 3, scale: 0.3, using: &g)
        return (model, instance, f, gg)
    }

    func finiteDifference(_ x: Matrix, _ loss: (Matrix) -> Double) -> Matrix {
        var grad = Matrix(rows: x.rows, columns: x.columns)
        let h = 1e-6
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

    @Test func symmetricStepIsTheGradientOfTheQuarterLoss() throws {
        let (model, instance, x0, _) = try setUp(.symmetric)
        var descent = FactoredGradientDescent(model: model, instance: instance, f: x0, g: nil)
        try descent.formProduct()
        try descent.formResiduals()
        try descent.descend(scale: 1 / Double(instance.measurements.count))
        let grad = finiteDifference(x0) { x in naiveLoss(instance, try! BLAS.product(x, x, .none, .transpose), symmetric: true) }
        let expected = x0 - model.settings.step * grad
        #expect(descent.f.isApproximatelyEqual(to: expected, tolerance: 1e-8))
        #expect(!descent.f.isApproximatelyEqual(to: x0, tolerance: 1e-4))
    }

    @Test func asymmetricStepsAreTheGradientsOfTheHalfLoss() throws {
        let (model, instance, f0, g0) = try setUp(.asymmetric)
        let g0m = try #require(g0)
        var descent = FactoredGradientDescent(model: model, instance: instance, f: f0, g: g0m)
        try descent.formProduct()
        try descent.formResiduals()
        try descent.descend(scale: 1 / Double(instance.measurements.count))
        let gradF = finiteDifference(f0) { f in naiveLoss(instance, try! BLAS.product(f, g0m, .none, .transpose), symmetric: false) }
        let gradG = finiteDifference(g0m) { g in naiveLoss(instance, try! BLAS.product(f0, g, .none, .transpose), symmetric: false) }
        #expect(descent.f.isApproximatelyEqual(to: f0 - model.settings.step * gradF, tolerance: 1e-8))
        #expect(descent.g.isApproximatelyEqual(to: g0m - model.settings.step * gradG, tolerance: 1e-8))
    }

    @Test func residualLossMatchesTheNaiveLoss() throws {
        let (model, instance, f0, g0) = try setUp(.asymmetric)
        var descent = FactoredGradientDescent(model: model, instance: instance, f: f0, g: g0)
        try descent.formProduct()
        try descent.formResiduals()
        let m = Double(instance.measurements.count)
        let fast = BLAS.dot(descent.residuals, descent.residuals) / (2 * m)
        #expect(abs(fast - naiveLoss(instance, descent.product, symmetric: false)) < 1e-12 * max(1, fast))
    }

    @Test func rebalancingKeepsTheProductAndBalancesF() throws {
        let (model, instance, f0, g0) = try setUp(.asymmetric)
        var descent = FactoredGradientDescent(model: model, instance: instance, f: f0, g: g0)
        let before = try BLAS.product(descent.f, descent.g, .none, .transpose)
        try Rebalancing.rebalance(&descent.f, &descent.g)
        let after = try BLAS.product(descent.f, descent.g, .none, .transpose)
        #expect(after.isApproximatelyEqual(to: before, tolerance: 1e-12))
        let gram = try BLAS.product(descent.f, descent.f, .transpose, .none)
        #expect(gram.isApproximatelyEqual(to: Matrix.identity(3), tolerance: 1e-12))
    }

    @Test func imbalanceIsTheSmallestEigenvalueOfTheGramDifference() throws {
        let f = Matrix([[1, 0], [0, 2], [0, 0]])
        let g = Matrix([[0.5, 0], [0, 0.5], [0, 0]])
        // FᵀF − GᵀG = diag(1 − 0.25, 4 − 0.25).
        #expect(abs(try Rebalancing.imbalance(f, g) - 0.75) < 1e-14)
    }
}
