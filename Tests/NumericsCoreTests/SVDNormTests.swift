import NumericsCore
import Testing

/// ‖A‖₂ from the top eigenvalue of AᵀA equals σ₁ from the full SVD.
@Suite struct SVDNormTests {
    @Test(arguments: [(20, 20), (7, 4), (3, 9)])
    func equalsTheLargestSingularValue(shape: (Int, Int)) throws {
        var g = Xoshiro256StarStar(seed: 17)
        var norm = try SVD.Norm(rows: shape.0, columns: shape.1)
        for _ in 0..<3 {
            let a = Matrix.gaussian(rows: shape.0, columns: shape.1, using: &g)
            let expected = try SVD(a).singularValues[0]
            let got = try norm.compute(a)
            #expect(abs(got - expected) <= 1e-13 * expected)
        }
    }

    @Test func rankOneMatrixHasTheProductOfNorms() throws {
        let u = Matrix([[1], [2], [2]]), v = Matrix([[3, 4]])
        var norm = try SVD.Norm(rows: 3, columns: 2)
        #expect(abs(try norm.compute(BLAS.product(u, v)) - 15) <= 1e-13)
    }
}
