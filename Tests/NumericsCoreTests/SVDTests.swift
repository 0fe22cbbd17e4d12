import Testing
import NumericsCore

@Suite("SVD (dgesdd)")
struct SVDTests {
    @Test("U·diag(σ)·Vᵀ reconstructs A; U, V orthonormal; σ descending", arguments: [(9, 5), (4, 7), (6, 6)])
    func reconstruction(rows: Int, columns: Int) throws {
        let a = randomMatrix(rows, columns, seed: 30)
        let svd = try SVD(a)
        let k = min(rows, columns)
        #expect(svd.u.rows == rows && svd.u.columns == k)
        #expect(svd.vt.rows == k && svd.vt.columns == columns)
        #expect(svd.singularValues.count == k)
        let reconstructed = naiveProduct(naiveProduct(svd.u, Matrix.diagonal(svd.singularValues)), svd.vt)
        #expect(maxAbsDifference(reconstructed, a) < 1e-12)
        #expect(maxAbsDifference(naiveProduct(svd.u, svd.u, .transpose, .none), Matrix.identity(k)) < 1e-12)
        #expect(maxAbsDifference(naiveProduct(svd.vt, svd.vt, .none, .transpose), Matrix.identity(k)) < 1e-12)
        #expect(zip(svd.singularValues, svd.singularValues.dropFirst()).allSatisfy { $0 >= $1 })
        #expect(svd.singularValues.allSatisfy { $0 >= 0 })
        let sumOfSquares = svd.singularValues.reduce(0) { $0 + $1 * $1 }
        #expect(abs(sumOfSquares.squareRoot() - a.frobeniusNorm) < 1e-12)
    }

    @Test("σ of a diagonal matrix are the sorted absolute diagonal entries")
    func diagonalMatrix() throws {
        let svd = try SVD(Matrix.diagonal([3, -5, 1, 0.25]))
        #expect(maxAbsDifference(svd.singularValues, [5, 3, 1, 0.25]) < 1e-15)
    }

    @Test("a rank-one matrix has one nonzero singular value ‖x‖·‖y‖")
    func rankOne() throws {
        let x = Matrix(rows: 3, columns: 1, columnMajor: [1, 2, 2])
        let y = Matrix(rows: 1, columns: 2, columnMajor: [3, 4])
        let svd = try SVD(naiveProduct(x, y))
        #expect(maxAbsDifference(svd.singularValues, [15, 0]) < 1e-14)
    }

    @Test("NaN input throws illegalArgument; empty input gives empty factors")
    func edgeCases() throws {
        #expect(throws: LinearAlgebraError.self) { try SVD(Matrix([[1, .nan], [0, 1]])) }
        let empty = try SVD(Matrix(rows: 3, columns: 0))
        #expect(empty.singularValues.isEmpty && empty.u.rows == 3 && empty.u.columns == 0)
    }
}
