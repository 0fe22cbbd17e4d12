import Testing
import NumericsCore

@Suite("Cholesky in place (dpotrf, dpotrs, dtrsm into caller storage)")
struct CholeskyInPlaceTests {
    @Test("the in-place factor equals Cholesky(a).factor on the upper triangle")
    func factorMatches() throws {
        let a = randomSPD(6, seed: 60)
        var u = a
        try Cholesky.factorInPlace(&u)
        let reference = try Cholesky(a).factor
        for j in 0..<6 { for i in 0...j { #expect(abs(u[i, j] - reference[i, j]) < 1e-14) } }
        #expect(throws: LinearAlgebraError.notPositiveDefinite(routine: "dpotrf", minor: 2)) {
            var indefinite = Matrix([[1, 2], [2, 1]])
            try Cholesky.factorInPlace(&indefinite)
        }
    }

    @Test("solveInPlace solves A x = b; forwardSubstituteInPlace gives column norms bᵀA⁻¹b")
    func solvesMatch() throws {
        let a = randomSPD(5, seed: 61)
        let b = randomMatrix(5, 3, seed: 62)
        var u = a
        try Cholesky.factorInPlace(&u)
        let x = try Cholesky(a).solve(b)
        for j in 0..<3 {
            var column = (0..<5).map { b[$0, j] }
            try Cholesky.solveInPlace(factor: u, &column)
            #expect(maxAbsDifference(column, (0..<5).map { x[$0, j] }) < 1e-12)
            var y = b
            try Cholesky.forwardSubstituteInPlace(factor: u, &y)
            let norm = (0..<5).reduce(0.0) { $0 + y[$1, j] * y[$1, j] }
            let form = (0..<5).reduce(0.0) { $0 + b[$1, j] * x[$1, j] }
            #expect(abs(norm - form) < 1e-12 * form)
        }
        var wrong = [Double](repeating: 0, count: 4)
        #expect(throws: LinearAlgebraError.self) { try Cholesky.solveInPlace(factor: u, &wrong) }
    }
}
