import ExperimentKit
import NumericsCore
import Sensing
import Testing
@testable import MatrixCompletion

/// Alternating minimization against a plain reference written here: each row's least squares
/// solved by LAPACK's QR-based `gels` on the dense rows of the observed entries, no basis
/// changes. The products UVᵀ after each iteration must agree: the QR steps change the factors'
/// basis, not the product, and each row's minimizer is unique.
@Suite struct ReferenceAlternatingMinimizationTests {
    /// The reference: `iterations` of V-then-U least squares from U (m×k) over the observed
    /// entries; returns U·Vᵀ.
    func reference(_ problem: CompletionProblem, start u0: Matrix, iterations: Int) throws -> Matrix {
        let observed = triplets(problem.observed)
        let n = problem.observed.columnCount, k = u0.columns
        var u = u0, v = Matrix(rows: n, columns: k)
        for _ in 0..<iterations {
            try solveRows(of: &v, given: u, entries: observed.map { (row: $0.j, column: $0.i, value: $0.value) })
            try solveRows(of: &u, given: v, entries: observed.map { (row: $0.i, column: $0.j, value: $0.value) })
        }
        return try BLAS.product(u, v, .none, .transpose)
    }

    /// Row r of `factor` ← argmin_x Σ (given[c]ᵀx − value)² over the entries (r, c, value).
    func solveRows(of factor: inout Matrix, given: Matrix,
                   entries: [(row: Int, column: Int, value: Double)]) throws {
        let k = factor.columns
        for r in 0..<factor.rows {
            let mine = entries.filter { $0.row == r }
            var a = Matrix(rows: mine.count, columns: k), y = Matrix(rows: mine.count, columns: 1)
            for (p, e) in mine.enumerated() {
                for l in 0..<k { a[p, l] = given[e.column, l] }
                y[p, 0] = e.value
            }
            let x = try LinearSolve.leastSquares(a, y)
            for l in 0..<k { factor[r, l] = x[l, 0] }
        }
    }

    @Test(arguments: [1, 3])
    func exactUpdatesMatchTheReference(iterations: Int) throws {
        let problem = try plantedProblem(m: 40, n: 30, k: 3, oversampling: 2.5, kappa: 5)
        var g = Xoshiro256StarStar(seed: 3)
        // A start far from the truth, so that the iterates move.
        let start = try SpectralInitialization.factors(problem.observed, rank: 3, method: .random, iterations: 0, trim: 0,
                                                       using: &g)
        var altmin = try AlternatingMinimization(observed: problem.observed, u: start.u, v: start.v,
                                                 settings: UpdateSettings(solver: .exact),
                                                 seeds: RunSeeds(instance: 1, algorithm: 2))
        for _ in 0..<iterations { #expect(try altmin.iterate()) }
        let expected = try reference(problem, start: start.u.transposed, iterations: iterations)
        let ours = denseProduct(altmin.u, altmin.v)
        #expect(relativeDistance(ours, expected) < 1e-10)
        // U is orthonormal after an iteration: UᵀU = I.
        let gram = try BLAS.product(altmin.u, altmin.u, .none, .transpose)
        #expect(gram.isApproximatelyEqual(to: Matrix.identity(3), tolerance: 1e-12))
    }

    @Test(arguments: [UpdateSolver.cg, .sketched])
    func approximateUpdatesMatchTheExactOnesToTheirTolerance(solver: UpdateSolver) throws {
        let problem = try plantedProblem(m: 80, n: 70, k: 4, oversampling: 3, kappa: 10)
        var g = Xoshiro256StarStar(seed: 5)
        let start = try SpectralInitialization.factors(problem.observed, rank: 4, method: .spectral, iterations: 10,
                                                       trim: 2, using: &g)
        func product(_ settings: UpdateSettings) throws -> Matrix {
            var altmin = try AlternatingMinimization(observed: problem.observed, u: start.u, v: start.v,
                                                     settings: settings, seeds: RunSeeds(instance: 1, algorithm: 2))
            #expect(try altmin.iterate())
            return denseProduct(altmin.u, altmin.v)
        }
        let exact = try product(UpdateSettings(solver: .exact))
        let tight = try product(UpdateSettings(solver: solver, tolerance: 1e-13, maxIterations: 500))
        let loose = try product(UpdateSettings(solver: solver, tolerance: 1e-3, maxIterations: 500))
        #expect(relativeDistance(tight, exact) < 1e-10)
        // A loose tolerance leaves a visible difference: the tolerance is what stops the solver.
        #expect(relativeDistance(loose, exact) > 1e-9)
    }
}
