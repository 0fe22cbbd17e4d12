import Testing
import NumericsCore

@Suite("BLAS level 1–3 wrappers against naive loops")
struct BLASTests {
    @Test("gemm, all four transpose combinations, with α and β",
          arguments: [(Transpose.none, Transpose.none), (.none, .transpose), (.transpose, .none), (.transpose, .transpose)])
    func gemmAgainstTripleLoop(transA: Transpose, transB: Transpose) throws {
        let (m, k, n) = (7, 5, 4)
        let a = transA == .none ? randomMatrix(m, k, seed: 1) : randomMatrix(k, m, seed: 1)
        let b = transB == .none ? randomMatrix(k, n, seed: 2) : randomMatrix(n, k, seed: 2)
        let c0 = randomMatrix(m, n, seed: 3)
        let (alpha, beta) = (1.75, -0.5)
        var c = c0
        try BLAS.gemm(transA, transB, alpha: alpha, a, b, beta: beta, into: &c)
        let expected = alpha * naiveProduct(a, b, transA, transB) + beta * c0
        #expect(maxAbsDifference(c, expected) < 1e-12)

        let product = try BLAS.product(a, b, transA, transB)
        #expect(product.rows == m && product.columns == n)
        #expect(maxAbsDifference(product, naiveProduct(a, b, transA, transB)) < 1e-12)
    }

    @Test("symm reads the upper triangle of A and equals the full product; transpose(into:) is the transpose")
    func symmAgainstTripleLoop() throws {
        let n = 6, k = 3
        let r = randomMatrix(n, n, seed: 4)
        let a = r + r.transposed
        var upperOnly = a
        for j in 0..<n { for i in (j + 1)..<n { upperOnly[i, j] = .nan } }
        let b = randomMatrix(n, k, seed: 5), c0 = randomMatrix(n, k, seed: 6)
        var c = c0
        try BLAS.symm(upperOnly, b, alpha: 0.5, beta: 2, into: &c)
        #expect(maxAbsDifference(c, 0.5 * naiveProduct(a, b) + 2 * c0) < 1e-12)
        var t = Matrix(rows: k, columns: n)
        b.transpose(into: &t)
        #expect((0..<n).allSatisfy { i in (0..<k).allSatisfy { j in t[j, i] == b[i, j] } })
        #expect(throws: LinearAlgebraError.self) { try BLAS.symm(b, b, into: &c) }
    }

    @Test("gemm with β = 0 ignores NaN in C and writes in place")
    func gemmBetaZeroInPlace() throws {
        let a = randomMatrix(6, 3, seed: 4)
        let b = randomMatrix(3, 2, seed: 5)
        var c = Matrix(rows: 6, columns: 2, repeating: .nan)
        let address = storageAddress(c.elements)
        try BLAS.gemm(a, b, into: &c)
        #expect(storageAddress(c.elements) == address)
        #expect(maxAbsDifference(c, naiveProduct(a, b)) < 1e-12)
    }

    @Test("gemm with an empty inner dimension scales C by β")
    func gemmEmptyInnerDimension() throws {
        let a = Matrix(rows: 2, columns: 0)
        let b = Matrix(rows: 0, columns: 3)
        var c = Matrix(rows: 2, columns: 3, repeating: 4)
        try BLAS.gemm(a, b, beta: 0.5, into: &c)
        #expect(c == Matrix(rows: 2, columns: 3, repeating: 2))
    }

    @Test("convenience overloads without transpose flags equal the full forms")
    func convenienceOverloads() throws {
        let a = randomMatrix(5, 3, seed: 14)
        let b = randomMatrix(3, 4, seed: 15)
        let c0 = randomMatrix(5, 4, seed: 16)
        var short = c0
        var full = c0
        try BLAS.gemm(a, b, alpha: 2, beta: -1, into: &short)
        try BLAS.gemm(.none, .none, alpha: 2, a, b, beta: -1, into: &full)
        #expect(short == full)
        #expect(maxAbsDifference(short, 2 * naiveProduct(a, b) - c0) < 1e-12)

        var y = [1.0, 2, 3, 4, 5]
        try BLAS.gemv(a, [1, -1, 2], alpha: 1, beta: 0.5, into: &y)
        let expected = (0..<5).map { i in a[i, 0] - a[i, 1] + 2 * a[i, 2] + 0.5 * Double(i + 1) }
        #expect(maxAbsDifference(y, expected) < 1e-12)

        var aat = Matrix(rows: 5, columns: 5)
        try BLAS.syrk(a, into: &aat)
        #expect(maxAbsDifference(aat, naiveProduct(a, a, .none, .transpose)) < 1e-12)
    }

    @Test("gemm and product throw dimensionMismatch on bad shapes")
    func gemmDimensionMismatch() {
        let a = Matrix(rows: 3, columns: 4)
        let b = Matrix(rows: 5, columns: 2)
        var c = Matrix(rows: 3, columns: 2)
        #expect(throws: LinearAlgebraError.self) { try BLAS.gemm(a, b, into: &c) }
        #expect(throws: LinearAlgebraError.dimensionMismatch(routine: "dgemm", detail: "op(A) is 3×4, op(B) is 5×2, C is 3×2")) {
            try BLAS.gemm(a, b, into: &c)
        }
        var wrongC = Matrix(rows: 2, columns: 2)
        #expect(throws: LinearAlgebraError.self) { try BLAS.gemm(.transpose, .none, a, Matrix(rows: 3, columns: 2), into: &wrongC) }
        #expect(throws: LinearAlgebraError.self) { try BLAS.product(a, b) }
    }

    @Test("gemv both ways with α and β, in place")
    func gemvAgainstLoop() throws {
        let a = randomMatrix(6, 4, seed: 6)
        var generator = Xoshiro256StarStar(seed: 7)
        for trans in [Transpose.none, .transpose] {
            let (m, n) = trans == .none ? (6, 4) : (4, 6)
            var x = [Double](repeating: 0, count: n)
            var y0 = [Double](repeating: 0, count: m)
            generator.fillNormal(&x)
            generator.fillNormal(&y0)
            var y = y0.map { $0 }
            let address = storageAddress(y)
            try BLAS.gemv(trans, alpha: -2, a, x, beta: 3, into: &y)
            #expect(storageAddress(y) == address)
            var expected = [Double](repeating: 0, count: m)
            for i in 0..<m {
                var sum = 0.0
                for j in 0..<n {
                    sum += (trans == .none ? a[i, j] : a[j, i]) * x[j]
                }
                expected[i] = -2 * sum + 3 * y0[i]
            }
            #expect(maxAbsDifference(y, expected) < 1e-12)
        }
    }

    @Test("gemv throws dimensionMismatch on bad lengths")
    func gemvDimensionMismatch() {
        let a = Matrix(rows: 3, columns: 2)
        var y = [0.0, 0, 0]
        #expect(throws: LinearAlgebraError.self) { try BLAS.gemv(.none, a, [1, 2, 3], into: &y) }
        #expect(throws: LinearAlgebraError.self) { try BLAS.gemv(.transpose, a, [1, 2], into: &y) }
    }

    @Test("syrk on both triangles equals AᵀA and AAᵀ from the triple loop, full symmetric",
          arguments: [Triangle.upper, .lower])
    func syrkAgainstProduct(uplo: Triangle) throws {
        let a = randomMatrix(7, 4, seed: 8)
        let c0 = randomSPD(4, seed: 9)
        var ata = c0
        try BLAS.syrk(uplo, .transpose, alpha: 0.5, a, beta: 2, into: &ata)
        let expectedAtA = 0.5 * naiveProduct(a, a, .transpose, .none) + 2 * c0
        #expect(maxAbsDifference(ata, expectedAtA) < 1e-12)
        #expect(ata == ata.transposed)

        var aat = Matrix(rows: 7, columns: 7, repeating: .nan)
        try BLAS.syrk(uplo, .none, a, into: &aat)
        let expectedAAt = try BLAS.product(a, a, .none, .transpose)
        #expect(maxAbsDifference(aat, expectedAAt) < 1e-12)
        #expect(aat == aat.transposed)
    }

    @Test("syrk throws dimensionMismatch when C is not n×n")
    func syrkDimensionMismatch() {
        var c = Matrix(rows: 4, columns: 4)
        #expect(throws: LinearAlgebraError.self) { try BLAS.syrk(.upper, .none, Matrix(rows: 3, columns: 4), into: &c) }
    }

    @Test("dot, nrm2 and axpy against loops")
    func levelOne() {
        var generator = Xoshiro256StarStar(seed: 10)
        var x = [Double](repeating: 0, count: 101)
        var y = [Double](repeating: 0, count: 101)
        generator.fillNormal(&x)
        generator.fillNormal(&y)
        var dot = 0.0
        var squares = 0.0
        for i in x.indices {
            dot += x[i] * y[i]
            squares += x[i] * x[i]
        }
        #expect(abs(BLAS.dot(x, y) - dot) < 1e-12)
        #expect(abs(BLAS.nrm2(x) - squares.squareRoot()) < 1e-12)
        #expect(BLAS.nrm2([3, 4]) == 5)
        #expect(BLAS.nrm2([1e200, 1e200]) == 2.0.squareRoot() * 1e200)
        #expect(BLAS.dot([], []) == 0)
        #expect(BLAS.nrm2([]) == 0)

        var z = y.map { $0 }
        let address = storageAddress(z)
        BLAS.axpy(alpha: -0.75, x, &z)
        #expect(storageAddress(z) == address)
        #expect(maxAbsDifference(z, zip(x, y).map { -0.75 * $0 + $1 }) < 1e-15)
    }
}
