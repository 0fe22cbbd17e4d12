import Foundation
import NumericsCore
import Testing
@testable import MatrixCompletion

/// One row's least squares min_x ‖D·x − y‖ by each solver against LAPACK's `gels`, on a
/// badly conditioned D (columns scaled over four decades).
@Suite struct RowSolverTests {
    let k = 6, c = 200
    /// D (c×k) stored as the gathered k×c block, and y.
    func problem() -> (block: [Double], design: Matrix, y: [Double]) {
        var g = Xoshiro256StarStar(seed: 11)
        var design = Matrix.gaussian(rows: c, columns: k, using: &g)
        for l in 0..<k { for i in 0..<c { design[i, l] *= pow(10, -Double(l) * 0.8) } }
        var block = [Double](repeating: 0, count: k * c)
        for p in 0..<c { for l in 0..<k { block[l + p * k] = design[p, l] } }
        let y = (0..<c).map { _ in g.nextNormal() }
        return (block, design, y)
    }

    func expected() throws -> [Double] {
        let (_, design, y) = problem()
        return try LinearSolve.leastSquares(design, Matrix(rows: c, columns: 1, columnMajor: y)).elements
    }

    func relativeDistance(_ a: [Double], _ b: [Double]) -> Double {
        zip(a, b).map { ($0 - $1) * ($0 - $1) }.reduce(0, +).squareRoot() / b.map { $0 * $0 }.reduce(0, +).squareRoot()
    }

    @Test func normalEquationsSolveTheLeastSquares() throws {
        // [D y], c×(k+1) column-major, as the half-step gathers it.
        let (_, design, y) = problem()
        let augmented = design.elements + y
        var x = [Double](repeating: 0, count: k)
        var solver = NormalEquations(rank: k)
        let definite = augmented.withUnsafeBufferPointer { a in
            x.withUnsafeMutableBufferPointer { xb in
                solver.solve(augmented: a.baseAddress!, count: c, into: xb.baseAddress!)
            }
        }
        #expect(definite)
        // cond(G) = cond(D)² ≈ 1e8: the normal equations lose about eight digits.
        #expect(try relativeDistance(x, expected()) < 1e-7)
    }

    @Test func sketchPreconditioningNeedsFewIterationsWhereCGNeedsMany() throws {
        let (block, _, y) = problem()
        func solve(sketched: Bool) throws -> (x: [Double], iterations: Int) {
            var x = [Double](repeating: 0, count: k)
            var cg = ConjugateGradientSolve(rank: k, longest: c, tolerance: 1e-12, maxIterations: 1000)
            var preconditioner = try SketchPreconditioner(rank: k, factor: 4)
            var g = Xoshiro256StarStar(seed: 2)
            let iterations = block.withUnsafeBufferPointer { a in
                y.withUnsafeBufferPointer { yb in
                    x.withUnsafeMutableBufferPointer { xb in
                        if sketched { preconditioner.prepare(a.baseAddress!, count: c, using: &g) }
                        return cg.solve(a.baseAddress!, count: c, values: yb.baseAddress!, into: xb.baseAddress!,
                                        preconditioner: sketched ? preconditioner : nil)
                    }
                }
            }
            if sketched { #expect(preconditioner.isUsable) }
            return (x, iterations)
        }
        let plain = try solve(sketched: false), sketched = try solve(sketched: true)
        let reference = try expected()
        #expect(relativeDistance(plain.x, reference) < 1e-6)
        #expect(relativeDistance(sketched.x, reference) < 1e-6)
        // D·R⁻¹ is well conditioned whatever D's scaling: a handful of iterations (here at most
        // k = 6 would do in exact arithmetic for either; CG needs more to reach 1e-12 in floating point).
        #expect(sketched.iterations <= 12)
        #expect(sketched.iterations < plain.iterations)
    }

    @Test func anUpdateErrorIsDeltaTimesTheStep() {
        var error = UpdateError(relativeSize: 0.3, rank: 4, seed: 9)
        var start: [Double] = [1, 2, 3, 4]
        var x: [Double] = [1.5, 2, 2, 4]  // the step x − x₀ has norm √1.25
        let exact = x
        start.withUnsafeMutableBufferPointer { error.remember($0.baseAddress!) }
        x.withUnsafeMutableBufferPointer { error.perturb($0.baseAddress!) }
        let size = zip(x, exact).map { ($0 - $1) * ($0 - $1) }.reduce(0, +).squareRoot()
        #expect(abs(size - 0.3 * 1.25.squareRoot()) < 1e-14)
    }
}
