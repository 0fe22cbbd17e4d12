import NumericsCore
import Testing

@Suite("SVD.Values (dgesdd_work, values only)")
struct SVDValuesTests {
    @Test("σ equal those of SVD, for several matrices through one workspace", arguments: [(9, 5), (4, 7), (20, 20)])
    func matchesSVD(rows: Int, columns: Int) throws {
        var workspace = try SVD.Values(rows: rows, columns: columns)
        for seed in [UInt64(40), 41, 42] {
            let a = randomMatrix(rows, columns, seed: seed)
            let norm = try workspace.compute(a)
            let reference = try SVD(a).singularValues
            #expect(maxAbsDifference(workspace.values, reference) < 1e-12)
            #expect(abs(norm - reference[0]) < 1e-12)
        }
    }

    @Test("‖A‖₂ of a diagonal matrix is its largest absolute entry; a wrong shape throws")
    func diagonalAndShape() throws {
        var workspace = try SVD.Values(rows: 3, columns: 3)
        #expect(try workspace.compute(Matrix.diagonal([2, -7, 0.5])) == 7)
        #expect(throws: LinearAlgebraError.self) { try workspace.compute(Matrix(rows: 3, columns: 2)) }
    }
}
