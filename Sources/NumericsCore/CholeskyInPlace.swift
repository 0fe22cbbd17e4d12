import CLinearAlgebra

/// The Cholesky factorization A = UᵀU and its solves written into caller-owned storage, for
/// loops that factor a new matrix every iteration: nothing is allocated when the operands
/// are uniquely referenced. (`Cholesky` itself copies its input and returns new matrices.)
extension Cholesky {
    /// Overwrites the upper triangle of the symmetric positive definite `a` with U, A = UᵀU
    /// (`LAPACKE_dpotrf`, uplo = "U"); the strictly lower part is left as it was. Throws
    /// `dimensionMismatch` when `a` is not square, `notPositiveDefinite` when the leading
    /// minor of order `info` is not positive (`a` is then partly overwritten).
    public static func factorInPlace(_ a: inout Matrix) throws(LinearAlgebraError) {
        let routine = "dpotrf"
        guard a.rows == a.columns else {
            throw .dimensionMismatch(routine: routine, detail: "A is \(a.rows)×\(a.columns), expected a square matrix")
        }
        if a.rows == 0 { return }
        let n32 = try LAPACKSupport.int32(a.rows, routine: routine)
        let info = a.elements.withUnsafeMutableBufferPointer { pa in
            LAPACK.potrf(.upper, n32, pa.baseAddress, n32)
        }
        try LAPACKSupport.check(info, routine: routine) { .notPositiveDefinite(routine: routine, minor: $0) }
    }

    /// b ← A⁻¹b for A = UᵀU with U in the upper triangle of `factor` (as `factorInPlace`
    /// leaves it), by `LAPACKE_dpotrs`. Throws `dimensionMismatch` when the counts differ.
    public static func solveInPlace(factor: Matrix, _ b: inout [Double]) throws(LinearAlgebraError) {
        let routine = "dpotrs"
        let n = factor.rows
        guard factor.columns == n, b.count == n else {
            throw .dimensionMismatch(routine: routine, detail: "U is \(factor.rows)×\(factor.columns), b has \(b.count) entries")
        }
        if n == 0 { return }
        let n32 = try LAPACKSupport.int32(n, routine: routine)
        let info = factor.elements.withUnsafeBufferPointer { pu in
            b.withUnsafeMutableBufferPointer { pb in
                LAPACK.potrs(.upper, n32, 1, pu.baseAddress, n32, pb.baseAddress, n32)
            }
        }
        try LAPACKSupport.check(info, routine: routine)
    }

    /// B ← U⁻ᵀB (forward substitution with Uᵀ, `cblas_dtrsm`) for the n×k matrix B, U in the
    /// upper triangle of `factor`. Column j of the result has squared norm bⱼᵀA⁻¹bⱼ.
    /// Throws `dimensionMismatch` when B does not have n rows.
    public static func forwardSubstituteInPlace(factor: Matrix, _ b: inout Matrix) throws(LinearAlgebraError) {
        let routine = "dtrsm"
        let n = factor.rows
        guard factor.columns == n, b.rows == n else {
            throw .dimensionMismatch(routine: routine, detail: "U is \(factor.rows)×\(factor.columns), B is \(b.rows)×\(b.columns)")
        }
        if n == 0 || b.columns == 0 { return }
        let n32 = try LAPACKSupport.int32(n, routine: routine)
        let k32 = try LAPACKSupport.int32(b.columns, routine: routine)
        factor.elements.withUnsafeBufferPointer { pu in
            b.elements.withUnsafeMutableBufferPointer { pb in
                BLAS.trsm(.transpose, n: n32, k: k32, alpha: 1, u: pu.baseAddress, ldu: n32, b: pb.baseAddress, ldb: n32)
            }
        }
    }
}
