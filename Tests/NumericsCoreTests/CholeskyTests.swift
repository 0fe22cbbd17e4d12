import Testing
import NumericsCore

@Suite("Cholesky (dpotrf, dpotrs)")
struct CholeskyTests {
    @Test("UᵀU = A with U upper triangular")
    func factorization() throws {
        let a = randomSPD(7, seed: 50)
        let u = try Cholesky(a).factor
        #expect(maxAbsDifference(naiveProduct(u, u, .transpose, .none), a) < 1e-12)
        for j in 0..<7 {
            #expect(u[j, j] > 0)
            for i in (j + 1)..<7 {
                #expect(u[i, j] == 0)
            }
        }
    }

    @Test("known factor of [[4, 2], [2, 3]]")
    func knownFactor() throws {
        let u = try Cholesky(Matrix([[4, 2], [2, 3]])).factor
        #expect(maxAbsDifference(u, Matrix([[2, 1], [0, 2.0.squareRoot()]])) < 1e-15)
    }

    @Test("solve has a small residual")
    func solveResidual() throws {
        let a = randomSPD(6, seed: 51)
        let b = randomMatrix(6, 3, seed: 52)
        let x = try Cholesky(a).solve(b)
        #expect(maxAbsDifference(naiveProduct(a, x), b) < 1e-12)
        #expect(throws: LinearAlgebraError.self) { try Cholesky(a).solve(Matrix(rows: 5, columns: 1)) }
    }

    @Test("indefinite throws notPositiveDefinite with the failing minor; non-square throws dimensionMismatch")
    func errors() {
        #expect(throws: LinearAlgebraError.notPositiveDefinite(routine: "dpotrf", minor: 2)) {
            try Cholesky(Matrix([[1, 2], [2, 1]]))
        }
        #expect(throws: LinearAlgebraError.notPositiveDefinite(routine: "dpotrf", minor: 1)) {
            try Cholesky(Matrix([[-1, 0], [0, 1]]))
        }
        #expect(throws: LinearAlgebraError.self) { try Cholesky(Matrix(rows: 2, columns: 3)) }
    }

    @Test("error description is one line naming the routine")
    func errorDescription() {
        let text = LinearAlgebraError.notPositiveDefinite(routine: "dpotrf", minor: 2).description
        #expect(text.hasPrefix("dpotrf: ") && text.contains("order 2") && !text.contains("\n"))
    }
}
