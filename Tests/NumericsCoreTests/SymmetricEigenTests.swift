import Testing
import NumericsCore

@Suite("SymmetricEigen (dsyevd)")
struct SymmetricEigenTests {
    @Test("V·diag(λ)·Vᵀ reconstructs A, VᵀV = I, λ ascending", arguments: [Triangle.upper, .lower])
    func reconstruction(triangle: Triangle) throws {
        let b = randomMatrix(8, 8, seed: 20)
        let a = b + b.transposed
        let eigen = try SymmetricEigen(a, triangle: triangle)
        let v = eigen.vectors
        let reconstructed = naiveProduct(naiveProduct(v, Matrix.diagonal(eigen.values)), v, .none, .transpose)
        #expect(maxAbsDifference(reconstructed, a) < 1e-10)
        #expect(maxAbsDifference(naiveProduct(v, v, .transpose, .none), Matrix.identity(8)) < 1e-12)
        #expect(zip(eigen.values, eigen.values.dropFirst()).allSatisfy { $0 <= $1 })
        let trace = (0..<8).reduce(0.0) { $0 + a[$1, $1] }
        #expect(abs(eigen.values.reduce(0, +) - trace) < 1e-12)
    }

    @Test("only the requested triangle is read")
    func readsOneTriangle() throws {
        let upperOnly = Matrix([[2, 1], [99, 2]])
        let lowerOnly = Matrix([[2, 99], [1, 2]])
        #expect(maxAbsDifference(try SymmetricEigen(upperOnly, triangle: .upper).values, [1, 3]) < 1e-14)
        #expect(maxAbsDifference(try SymmetricEigen(lowerOnly, triangle: .lower).values, [1, 3]) < 1e-14)
    }

    @Test("known eigenvalues and eigenvectors of small matrices")
    func knownValues() throws {
        let eigen = try SymmetricEigen(Matrix([[2, 1], [1, 2]]))
        #expect(maxAbsDifference(eigen.values, [1, 3]) < 1e-14)
        let s = 0.5.squareRoot()
        #expect(abs(abs(eigen.vectors[0, 1]) - s) < 1e-14 && abs(eigen.vectors[0, 1] - eigen.vectors[1, 1]) < 1e-14)

        let laplacian = Matrix([[2, -1, 0], [-1, 2, -1], [0, -1, 2]])
        let root2 = 2.0.squareRoot()
        #expect(maxAbsDifference(try SymmetricEigen(laplacian).values, [2 - root2, 2, 2 + root2]) < 1e-14)
    }

    @Test("non-square throws dimensionMismatch, NaN throws illegalArgument, empty is empty")
    func errors() throws {
        #expect(throws: LinearAlgebraError.self) { try SymmetricEigen(Matrix(rows: 2, columns: 3)) }
        #expect(throws: LinearAlgebraError.illegalArgument(routine: "dsyevd", argument: 5)) {
            try SymmetricEigen(Matrix([[1, .nan], [.nan, 1]]))
        }
        let empty = try SymmetricEigen(Matrix(rows: 0, columns: 0))
        #expect(empty.values.isEmpty && empty.vectors.rows == 0)
    }
}
