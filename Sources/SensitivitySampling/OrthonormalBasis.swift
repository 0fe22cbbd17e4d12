import NumericsCore

/// An orthonormal basis Q (n×d, QᵀQ = I) of the column span of A = QR, stored row by row
/// (row i is qᵢ, contiguous). ℓp sensitivities, Lewis weights and leverage scores depend
/// only on the column span of A, so every score is computed on Q.
public struct OrthonormalBasis: Sendable {
    /// n, number of rows.
    public let rowCount: Int
    /// d, dimension of the column span.
    public let dimension: Int
    /// Qᵀ, d×n column-major: column i is the row qᵢ of Q, so entry (i, j) of Q is at `rows[i·d + j]`.
    public let rows: [Double]

    /// Orthonormalizes the columns of `a` by Householder QR. Throws `rankDeficient` when
    /// some |R_jj| ≤ 1e-10·max|R_kk| (A does not have full column rank d).
    public init(_ a: Matrix) throws(SensitivityError) {
        guard a.rows >= a.columns, a.columns >= 1 else {
            throw .badShape("the matrix is \(a.rows)×\(a.columns); sensitivity sampling needs n ≥ d ≥ 1")
        }
        let qr: QR
        do { qr = try QR(a) } catch { throw .linearAlgebra("\(error)") }
        let diagonal = (0..<a.columns).map { abs(qr.r[$0, $0]) }
        let largest = diagonal.max() ?? 0
        if let j = diagonal.firstIndex(where: { !($0 > 1e-10 * largest) }) {
            throw .rankDeficient("column \(j + 1) of the \(a.rows)×\(a.columns) matrix is (numerically) a combination of the others")
        }
        rowCount = a.rows
        dimension = a.columns
        var r = [Double](repeating: 0, count: a.rows * a.columns)
        for j in 0..<a.columns {
            for i in 0..<a.rows { r[i * a.columns + j] = qr.q[i, j] }
        }
        rows = r
    }

    /// Wraps rows that are already orthonormal (tests).
    init(rowCount: Int, dimension: Int, rows: [Double]) {
        self.rowCount = rowCount
        self.dimension = dimension
        self.rows = rows
    }

    /// Row i, qᵢ.
    public func row(_ i: Int) -> [Double] { Array(rows[(i * dimension)..<((i + 1) * dimension)]) }

    /// Leverage scores τᵢ = ‖qᵢ‖² (Σ τᵢ = d).
    public var leverageScores: [Double] {
        (0..<rowCount).map { i in
            var s = 0.0
            for j in 0..<dimension { s += rows[i * dimension + j] * rows[i * dimension + j] }
            return s
        }
    }

    /// r = Q z for a direction z in whitened coordinates (d entries), written into `out` (n entries).
    public func apply(_ z: [Double], into out: inout [Double]) {
        let d = dimension
        rows.withUnsafeBufferPointer { q in
            z.withUnsafeBufferPointer { zz in
                out.withUnsafeMutableBufferPointer { o in
                    for i in 0..<rowCount {
                        var s = 0.0
                        let base = i * d
                        for j in 0..<d { s += q[base + j] * zz[j] }
                        o[i] = s
                    }
                }
            }
        }
    }
}
