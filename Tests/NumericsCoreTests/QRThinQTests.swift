import NumericsCore
import Testing

@Suite("QR.ThinQ")
struct QRThinQTests {
    @Test("the reused workspace gives QR's Q for each of several matrices: orthonormal, and QᵀA is R")
    func matchesQR() throws {
        var generator = Xoshiro256StarStar(seed: 11)
        var workspace = try QR.ThinQ(rows: 7, columns: 3)
        for _ in 0..<3 {
            let a = Matrix.gaussian(rows: 7, columns: 3, using: &generator)
            try workspace.factor(a)
            let reference = try QR(a)
            // Same Householder reflectors, so the same Q entry by entry.
            for i in 0..<a.elements.count {
                #expect(abs(workspace.q.elements[i] - reference.q.elements[i]) < 1e-13)
            }
            let gram = try BLAS.product(workspace.q, workspace.q, .transpose, .none)
            let projected = try BLAS.product(workspace.q, a, .transpose, .none)
            for j in 0..<3 {
                for i in 0..<3 {
                    #expect(abs(gram[i, j] - (i == j ? 1 : 0)) < 1e-13)
                    #expect(abs(projected[i, j] - reference.r[i, j]) < 1e-12)
                }
            }
        }
    }

    @Test("a matrix of another shape, or a wide workspace, is refused")
    func shapes() throws {
        var workspace = try QR.ThinQ(rows: 4, columns: 2)
        #expect(throws: LinearAlgebraError.self) { try workspace.factor(Matrix(rows: 4, columns: 3)) }
        #expect(throws: LinearAlgebraError.self) { try QR.ThinQ(rows: 2, columns: 3) }
    }
}
