import Testing
import NumericsCore

@Suite("Matrix storage and arithmetic")
struct MatrixTests {
    @Test("row literal is stored column-major")
    func rowLiteralLayout() {
        let m = Matrix([[1, 2, 3], [4, 5, 6]])
        #expect(m.rows == 2 && m.columns == 3)
        #expect(m.elements == [1, 4, 2, 5, 3, 6])
        #expect(m[1, 2] == 6 && m[0, 1] == 2)
        #expect(m == Matrix(rows: 2, columns: 3, columnMajor: [1, 4, 2, 5, 3, 6]))
        #expect(Matrix([]).rows == 0 && Matrix([]).columns == 0)
    }

    @Test("identity, diagonal, repeating, subscript set")
    func constructors() {
        #expect(Matrix.identity(3) == Matrix([[1, 0, 0], [0, 1, 0], [0, 0, 1]]))
        #expect(Matrix.diagonal([2, -1]) == Matrix([[2, 0], [0, -1]]))
        var m = Matrix(rows: 2, columns: 2, repeating: 7)
        #expect(m.elements == [7, 7, 7, 7])
        m[1, 0] = -3
        #expect(m.elements == [7, -3, 7, 7])
    }

    @Test("transposed and column")
    func transposeAndColumn() {
        let m = Matrix([[1, 2, 3], [4, 5, 6]])
        #expect(m.transposed == Matrix([[1, 4], [2, 5], [3, 6]]))
        #expect(m.transposed.transposed == m)
        #expect(m.column(1) == [2, 5])
        #expect(m.column(2) == [3, 6])
    }

    @Test
    func frobeniusDistanceIsTheNormOfTheDifference() {
        let a = Matrix([[1, 2, 3], [4, 5, 6]]), b = Matrix([[1, 0, 3], [0, 5, 6]])
        #expect(a.frobeniusDistance(to: b) == (4.0 + 16.0).squareRoot())
        #expect(a.frobeniusDistance(to: a) == 0)
    }

    @Test("Frobenius norm equals the root of the sum of squares")
    func frobeniusNorm() {
        #expect(Matrix([[1, 2], [2, 4]]).frobeniusNorm == 5)
        let a = randomMatrix(9, 4, seed: 11)
        let reference = a.elements.reduce(0) { $0 + $1 * $1 }.squareRoot()
        #expect(abs(a.frobeniusNorm - reference) < 1e-13)
    }

    @Test("sum, difference and scalar multiple")
    func arithmetic() {
        let a = Matrix([[1, 2], [3, 4]])
        let b = Matrix([[0.5, -1], [2, 0]])
        #expect(a + b == Matrix([[1.5, 1], [5, 4]]))
        #expect(a - b == Matrix([[0.5, 3], [1, 4]]))
        #expect(-2 * a == Matrix([[-2, -4], [-6, -8]]))
    }

    @Test("approximate equality uses the max absolute difference and shapes")
    func approximateEquality() {
        let a = Matrix([[1, 2], [3, 4]])
        var b = a
        b[1, 1] += 1e-9
        #expect(a.isApproximatelyEqual(to: b, tolerance: 2e-9))
        #expect(!a.isApproximatelyEqual(to: b, tolerance: 5e-10))
        #expect(!a.isApproximatelyEqual(to: a.transposed.transposed + Matrix(rows: 2, columns: 2, repeating: .nan), tolerance: 1))
        #expect(!a.isApproximatelyEqual(to: Matrix(rows: 4, columns: 1, columnMajor: a.elements), tolerance: 1))
    }

    @Test("gaussian fills column by column from the generator, with scale")
    func gaussianOrder() {
        var g1 = Xoshiro256StarStar(seed: 12)
        var g2 = Xoshiro256StarStar(seed: 12)
        let m = Matrix.gaussian(rows: 3, columns: 2, scale: 0.5, using: &g1)
        let draws = (0..<6).map { _ in 0.5 * g2.nextNormal() }
        #expect(m.elements == draws)
        #expect(m[2, 0] == draws[2] && m[0, 1] == draws[3])
        #expect(g1.next() == g2.next())
    }

    @Test("description shows the shape and rows")
    func description() {
        let text = Matrix([[1, 2], [3, 4]]).description
        #expect(text == "2×2 Matrix\n[1.0, 2.0]\n[3.0, 4.0]")
        #expect(Matrix(rows: 20, columns: 20).description.contains("…"))
    }
}
