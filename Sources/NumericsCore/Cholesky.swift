import CLinearAlgebra

/// The Cholesky factorization A = UᵀU of a symmetric positive definite matrix
/// (`LAPACKE_dpotrf`, uplo = "U"), with solves by `LAPACKE_dpotrs`.
public struct Cholesky: Sendable {
    /// U, upper triangular with positive diagonal; the strictly lower part is zero.
    public let factor: Matrix

    /// Factorizes `a`, reading only its upper triangle (symmetry is not checked).
    /// Throws `dimensionMismatch` when `a` is not square, `notPositiveDefinite` when
    /// `info > 0` (the leading minor of that order is not positive), `illegalArgument`
    /// when `info < 0` (including a NaN entry).
    public init(_ a: Matrix) throws(LinearAlgebraError) {
        let routine = "dpotrf"
        guard a.rows == a.columns else {
            throw .dimensionMismatch(routine: routine, detail: "A is \(a.rows)×\(a.columns), expected a square matrix")
        }
        let n = a.rows
        if n == 0 {
            factor = a
            return
        }
        let n32 = try LAPACKSupport.int32(n, routine: routine)
        var u = a.elements
        let info = u.withUnsafeMutableBufferPointer { pu in
            LAPACK.potrf(.upper, n32, pu.baseAddress, n32)
        }
        try LAPACKSupport.check(info, routine: routine) { .notPositiveDefinite(routine: routine, minor: $0) }
        for j in 0..<n {
            for i in (j + 1)..<n {
                u[i + j * n] = 0
            }
        }
        factor = Matrix(rows: n, columns: n, columnMajor: u)
    }

    /// X with A·X = B, by forward and back substitution with Uᵀ and U (`LAPACKE_dpotrs`).
    /// Throws `dimensionMismatch` when B does not have n rows.
    public func solve(_ b: Matrix) throws(LinearAlgebraError) -> Matrix {
        let routine = "dpotrs"
        let n = factor.rows
        guard b.rows == n else {
            throw .dimensionMismatch(routine: routine, detail: "A is \(n)×\(n), B is \(b.rows)×\(b.columns)")
        }
        if n == 0 || b.columns == 0 { return b }
        let n32 = try LAPACKSupport.int32(n, routine: routine)
        let nrhs = try LAPACKSupport.int32(b.columns, routine: routine)
        var x = b
        let info = factor.elements.withUnsafeBufferPointer { pu in
            x.elements.withUnsafeMutableBufferPointer { px in
                LAPACK.potrs(.upper, n32, nrhs,
                               pu.baseAddress, n32, px.baseAddress, n32)
            }
        }
        try LAPACKSupport.check(info, routine: routine)
        return x
    }
}
