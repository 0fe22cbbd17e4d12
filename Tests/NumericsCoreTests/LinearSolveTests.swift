import Testing
import NumericsCore

@Suite("LinearSolve (dgesv, dgels)")
struct LinearSolveTests {
    @Test("gesv solution has a small residual")
    func solveResidual() throws {
        let a = randomMatrix(8, 8, seed: 60)
        let b = randomMatrix(8, 2, seed: 61)
        let x = try LinearSolve.solve(a, b)
        #expect(maxAbsDifference(naiveProduct(a, x), b) < 1e-10)
    }

    @Test("gesv known solution")
    func knownSolution() throws {
        let x = try LinearSolve.solve(Matrix([[2, 1], [1, 3]]), Matrix([[3], [5]]))
        #expect(maxAbsDifference(x, Matrix([[0.8], [1.4]])) < 1e-15)
    }

    @Test("gesv on a singular matrix throws singular; bad shapes throw dimensionMismatch")
    func errors() {
        #expect(throws: LinearAlgebraError.singular(routine: "dgesv", pivot: 2)) {
            try LinearSolve.solve(Matrix([[1, 2], [2, 4]]), Matrix([[1], [1]]))
        }
        #expect(throws: LinearAlgebraError.self) { try LinearSolve.solve(Matrix(rows: 3, columns: 2), Matrix(rows: 3, columns: 1)) }
        #expect(throws: LinearAlgebraError.self) { try LinearSolve.solve(Matrix.identity(3), Matrix(rows: 2, columns: 1)) }
    }

    @Test("gels equals the normal-equation solution (AᵀA)⁻¹AᵀB for a tall full-rank A")
    func leastSquaresTall() throws {
        let a = randomMatrix(12, 4, seed: 62)
        let b = randomMatrix(12, 2, seed: 63)
        let x = try LinearSolve.leastSquares(a, b)
        #expect(x.rows == 4 && x.columns == 2)
        let normal = try LinearSolve.solve(naiveProduct(a, a, .transpose, .none), naiveProduct(a, b, .transpose, .none))
        #expect(maxAbsDifference(x, normal) < 1e-10)
        let residual = naiveProduct(a, x) - b
        #expect(maxAbsDifference(naiveProduct(a, residual, .transpose, .none), Matrix(rows: 4, columns: 2)) < 1e-10)
    }

    @Test("gels gives the minimum-norm solution Aᵀ(AAᵀ)⁻¹B for a wide A")
    func leastSquaresWide() throws {
        let a = randomMatrix(3, 6, seed: 64)
        let b = randomMatrix(3, 1, seed: 65)
        let x = try LinearSolve.leastSquares(a, b)
        let minimumNorm = naiveProduct(a, try LinearSolve.solve(naiveProduct(a, a, .none, .transpose), b), .transpose, .none)
        #expect(maxAbsDifference(x, minimumNorm) < 1e-10)
    }

    @Test("gels throws rankDeficient on a zero column and dimensionMismatch on bad B")
    func leastSquaresErrors() {
        #expect(throws: LinearAlgebraError.rankDeficient(routine: "dgels", info: 2)) {
            try LinearSolve.leastSquares(Matrix([[1, 0], [2, 0], [3, 0]]), Matrix([[1], [1], [1]]))
        }
        #expect(throws: LinearAlgebraError.self) { try LinearSolve.leastSquares(Matrix(rows: 4, columns: 2), Matrix(rows: 3, columns: 1)) }
    }
}
