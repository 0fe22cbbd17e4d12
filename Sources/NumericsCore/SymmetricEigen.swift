import CLinearAlgebra

/// The eigendecomposition A = V·diag(λ)·Vᵀ of a real symmetric matrix
/// (`LAPACKE_dsyevd`, jobz = "V", divide and conquer).
public struct SymmetricEigen: Sendable {
    /// The eigenvalues λ in ascending order.
    public let values: [Double]
    /// The orthonormal eigenvectors V, column i belonging to `values[i]`.
    public let vectors: Matrix

    /// Decomposes the symmetric matrix `a`, reading only its `triangle` (the other triangle
    /// is assumed to mirror it and is not checked).
    /// Throws `dimensionMismatch` when `a` is not square, `noConvergence` when `info > 0`,
    /// `illegalArgument` when `info < 0` (including a NaN entry).
    public init(_ a: Matrix, triangle: Triangle = .upper) throws(LinearAlgebraError) {
        let routine = "dsyevd"
        guard a.rows == a.columns else {
            throw .dimensionMismatch(routine: routine, detail: "A is \(a.rows)×\(a.columns), expected a square matrix")
        }
        let n = a.rows
        if n == 0 {
            values = []
            vectors = Matrix(rows: 0, columns: 0)
            return
        }
        let n32 = try LAPACKSupport.int32(n, routine: routine)
        var v = a.elements
        var w = [Double](repeating: 0, count: n)
        let info = v.withUnsafeMutableBufferPointer { pv in
            w.withUnsafeMutableBufferPointer { pw in
                LAPACK.syevd(UInt8(ascii: "V"), triangle,
                               n32, pv.baseAddress, n32, pw.baseAddress)
            }
        }
        try LAPACKSupport.check(info, routine: routine) { .noConvergence(routine: routine, info: $0) }
        values = w
        vectors = Matrix(rows: n, columns: n, columnMajor: v)
    }
}
