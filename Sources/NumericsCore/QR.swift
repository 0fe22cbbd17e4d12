import CLinearAlgebra

/// The thin QR factorization A = Q·R of an m×n matrix with k = min(m, n)
/// (`LAPACKE_dgeqrf` Householder factorization, then `LAPACKE_dorgqr` to form Q).
public struct QR: Sendable {
    /// Q, m×k with orthonormal columns.
    public let q: Matrix
    /// R, k×n upper triangular (upper trapezoidal when n > m); its diagonal may be negative.
    public let r: Matrix

    /// Factorizes `a`. Throws `illegalArgument` when a routine reports `info < 0`
    /// (including a NaN entry).
    public init(_ a: Matrix) throws(LinearAlgebraError) {
        let m = a.rows
        let n = a.columns
        let k = min(m, n)
        if k == 0 {
            q = Matrix(rows: m, columns: 0)
            r = Matrix(rows: 0, columns: n)
            return
        }
        let m32 = try LAPACKSupport.int32(m, routine: "dgeqrf")
        let n32 = try LAPACKSupport.int32(n, routine: "dgeqrf")
        let k32 = try LAPACKSupport.int32(k, routine: "dgeqrf")
        var factored = a.elements
        var tau = [Double](repeating: 0, count: k)
        let geqrfInfo = factored.withUnsafeMutableBufferPointer { pa in
            tau.withUnsafeMutableBufferPointer { pt in
                LAPACK.geqrf(m32, n32, pa.baseAddress, m32, pt.baseAddress)
            }
        }
        try LAPACKSupport.check(geqrfInfo, routine: "dgeqrf")

        var rElements = [Double](repeating: 0, count: k * n)
        for j in 0..<n {
            for i in 0...min(j, k - 1) {
                rElements[i + j * k] = factored[i + j * m]
            }
        }
        var qElements = Array(factored[0..<(m * k)])
        let orgqrInfo = qElements.withUnsafeMutableBufferPointer { pq in
            tau.withUnsafeBufferPointer { pt in
                LAPACK.orgqr(m32, k32, k32, pq.baseAddress, m32, pt.baseAddress)
            }
        }
        try LAPACKSupport.check(orgqrInfo, routine: "dorgqr")
        q = Matrix(rows: m, columns: k, columnMajor: qElements)
        r = Matrix(rows: k, columns: n, columnMajor: rElements)
    }
}
