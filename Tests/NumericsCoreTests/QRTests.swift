import Testing
import NumericsCore

@Suite("QR (dgeqrf + dorgqr)")
struct QRTests {
    @Test("Q orthonormal, R upper triangular, Q·R = A", arguments: [(8, 5), (3, 6), (5, 5), (4, 1)])
    func factorization(rows: Int, columns: Int) throws {
        let a = randomMatrix(rows, columns, seed: 40)
        let qr = try QR(a)
        let k = min(rows, columns)
        #expect(qr.q.rows == rows && qr.q.columns == k)
        #expect(qr.r.rows == k && qr.r.columns == columns)
        #expect(maxAbsDifference(naiveProduct(qr.q, qr.q, .transpose, .none), Matrix.identity(k)) < 1e-12)
        #expect(maxAbsDifference(naiveProduct(qr.q, qr.r), a) < 1e-12)
        for j in 0..<columns {
            for i in 0..<k where i > j {
                #expect(qr.r[i, j] == 0)
            }
        }
    }

    @Test("|R| of an orthogonal-column matrix holds the column norms")
    func knownFactor() throws {
        let qr = try QR(Matrix([[3, 0], [4, 0], [0, 2]]))
        #expect(abs(abs(qr.r[0, 0]) - 5) < 1e-14)
        #expect(abs(abs(qr.r[1, 1]) - 2) < 1e-14)
        #expect(abs(qr.r[0, 1]) < 1e-14)
    }
}
