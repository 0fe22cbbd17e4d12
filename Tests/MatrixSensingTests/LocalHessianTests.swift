import ExperimentKit
import Foundation
@testable import MatrixSensing
import NumericsCore
import Sensing
import Testing

/// The Hessian of the symmetric loss at M* against one built from the naive loss alone, and the
/// metrics derived from it.
@Suite struct LocalHessianTests {
    /// A factor X* of M* (n×r) from its top r eigenpairs.
    func factor(of instance: SensingInstance, rank r: Int) throws -> Matrix {
        let eigen = try SymmetricEigen(instance.groundTruth)
        var x = Matrix(rows: instance.n, columns: r)
        for c in 0..<r {
            let column = instance.n - r + c
            for i in 0..<instance.n { x[i, c] = eigen.values[column].squareRoot() * eigen.vectors[i, column] }
        }
        return x
    }

    /// The Hessian of the naive loss (1/4m)Σrᵢ² at X*, from loss values only: along a direction D,
    /// φ(t) = f(X* + tD) is a quartic with φ(0) = φ'(0) = 0, so E(t) = (φ(t) + φ(−t))/2 =
    /// a₂t² + a₄t⁴ and DᵀHD = 2a₂ = (16E(t) − E(2t))/(6t²) exactly; entries by polarization.
    func bruteForceHessian(_ instance: SensingInstance, at x: Matrix) throws -> Matrix {
        let size = x.rows * x.columns
        func loss(_ y: Matrix) throws -> Double {
            naiveLoss(instance, try BLAS.product(y, y, .none, .transpose), symmetric: true)
        }
        func quadraticForm(_ direction: [Double]) throws -> Double {
            func even(_ t: Double) throws -> Double {
                var plus = x, minus = x
                for i in 0..<size {
                    plus.elements[i] += t * direction[i]
                    minus.elements[i] -= t * direction[i]
                }
                return (try loss(plus) + loss(minus)) / 2
            }
            let t = 1e-2
            return (16 * (try even(t)) - (try even(2 * t))) / (6 * t * t)
        }
        func unit(_ a: Int) -> [Double] { (0..<size).map { $0 == a ? 1 : 0 } }
        let diagonal = try (0..<size).map { try quadraticForm(unit($0)) }
        var h = Matrix(rows: size, columns: size)
        for a in 0..<size {
            h[a, a] = diagonal[a]
            for b in 0..<a {
                let sum = zip(unit(a), unit(b)).map { $0 + $1 }
                let value = (try quadraticForm(sum) - diagonal[a] - diagonal[b]) / 2
                h[a, b] = value
                h[b, a] = value
            }
        }
        return h
    }

    @Test(arguments: [1, 2])
    func smallestNonzeroEigenvalueMatchesTheBruteForceHessian(rank r: Int) throws {
        var g = Xoshiro256StarStar(seed: 23 + UInt64(r))
        let spectrum = SensingInstance.defaultSpectrum(rank: r)
        let instance = try SensingInstance(n: 4, spectrum: spectrum, measurementCount: 40, storage: .both, using: &g)
        let hessian = try LocalHessian(instance: instance, rank: r)
        let reference = try SymmetricEigen(bruteForceHessian(instance, at: factor(of: instance, rank: r))).values
        let null = r * (r - 1) / 2
        let largest = try #require(reference.last)
        for value in reference.prefix(null) { #expect(abs(value) < 1e-9 * largest) }
        let smallest = try #require(hessian.smallestNonzero)
        #expect(abs(smallest - reference[null]) <= 1e-8 * reference[null])
        for (a, b) in zip(hessian.eigenvalues.dropFirst(null), reference.dropFirst(null)) {
            #expect(abs(a - b) <= 1e-8 * largest)
        }
        let eta = 0.05
        let rate = try #require(hessian.rate(step: eta))
        #expect(abs(rate - -log(1 - eta * reference[null])) <= 1e-8 * rate)
    }

    @Test func exactRankRunReportsTheRatesAndTheirRatio() throws {
        let model = try smallModel(["search_rank": .int(2), "iterations": .int(3000), "stop_below": .double(1e-12)])
        let outcome = try model.run(seeds: RunSeeds(instance: 3, algorithm: 4), record: RecordPolicy(every: 100))
        let predicted = try #require(outcome.metrics["hessian_rate"])
        let measured = try #require(outcome.metrics["linear_rate"])
        #expect(outcome.metrics["rate_over_hessian"] == measured / predicted)
        #expect(abs(measured / predicted - 1) < 0.1)
    }

    @Test func overParameterizedAndAsymmetricRunsHaveNoHessianRate() throws {
        for overrides: [String: ParameterValue] in [["search_rank": .int(3)], ["parameterization": .string("asymmetric")]] {
            let outcome = try smallModel(overrides).run(seeds: RunSeeds(instance: 3, algorithm: 4), record: RecordPolicy(every: 100))
            #expect(outcome.metrics["hessian_rate"] == nil)
            #expect(outcome.metrics["rate_over_hessian"] == nil)
        }
    }

    @Test func errorTimesEtaTIsTheProduct() throws {
        let model = try smallModel(["search_rank": .int(3), "iterations": .int(500)])
        let outcome = try model.run(seeds: RunSeeds(instance: 5, algorithm: 6), record: RecordPolicy(every: 100))
        let error = try #require(outcome.metrics["final_error"])
        let iterations = try #require(outcome.metrics["iterations_run"])
        #expect(iterations == 500)
        #expect(outcome.metrics["error_times_eta_t"] == error * model.settings.step * iterations)
    }
}
