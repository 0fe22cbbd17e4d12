import Foundation
import NumericsCore
import Testing
@testable import SinkhornNewton

/// Conjugate gradient on the sparsified Hessian, plain and with the Jacobi preconditioner.
@Suite struct ConjugateGradientTests {
    /// On a plan whose row masses span six orders of magnitude (a badly scaled diagonal), both
    /// forms reach ‖b − M̃s‖ ≤ 1e-10·‖b‖ for the projected right-hand side, agree on s, and the
    /// preconditioned form takes fewer iterations.
    @Test func jacobiSolvesTheSameSystemInFewerIterations() {
        let n = 40, m = 30
        var g = Xoshiro256StarStar(seed: 7)
        var plan = [Double](repeating: 0, count: n * m)
        for j in 0..<m {
            for i in 0..<n { plan[i + j * n] = pow(10, -6 * Double(i) / Double(n - 1)) * (0.5 + g.nextUniform()) }
        }
        var rows = [Double](repeating: 0, count: n), columns = [Double](repeating: 0, count: m)
        for j in 0..<m { for i in 0..<n { rows[i] += plan[i + j * n]; columns[j] += plan[i + j * n] } }
        var hessian = SparsifiedHessian(sourceCount: n, targetCount: m, keptFraction: 0.5)
        var scratch = [Double](repeating: 0, count: n * m)
        hessian.sparsify(plan: plan, rowSums: rows, columnSums: columns, scratch: &scratch)
        var solver = ConjugateGradient(sourceCount: n, targetCount: m)
        var b = (0..<(n + m)).map { _ in g.nextNormal() }
        solver.project(&b)
        let inverse = rows.map { 1 / $0 } + columns.map { 1 / $0 }

        func residual(_ s: [Double]) -> Double {
            var product = [Double](repeating: 0, count: n + m)
            hessian.apply(s, into: &product)
            solver.project(&product)
            return sqrt(zip(b, product).map { ($0 - $1) * ($0 - $1) }.reduce(0, +))
        }
        let norm = sqrt(b.map { $0 * $0 }.reduce(0, +))
        var plain = [Double](repeating: 0, count: n + m), jacobi = plain
        let plainIterations = solver.solve(hessian, rhs: b, solution: &plain, warmStart: false, tolerance: 1e-10,
                                           maxIterations: 100_000)
        let jacobiIterations = solver.solve(hessian, rhs: b, solution: &jacobi, warmStart: false, tolerance: 1e-10,
                                            maxIterations: 100_000, inverseDiagonal: inverse)
        #expect(residual(plain) <= 1e-10 * norm)
        #expect(residual(jacobi) <= 1e-10 * norm)
        let scale = plain.map(abs).max() ?? 1
        #expect(zip(plain, jacobi).allSatisfy { abs($0 - $1) <= 1e-4 * scale })
        #expect(jacobiIterations * 5 < plainIterations)  // measured: 13 against 285
        #expect(jacobiIterations > 0)
    }
}
