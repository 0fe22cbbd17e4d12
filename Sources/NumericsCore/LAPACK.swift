import CLinearAlgebra

/// Thin wrappers of the LAPACK routines the project uses, one name per routine, on raw
/// column-major storage (Julia's `LinearAlgebra.LAPACK`): each passes its arguments through to
/// LAPACKE and returns `info`. The factorization types (`Cholesky`, `QR`, `SVD`,
/// `SymmetricEigen`, `LinearSolve`) are built on these and turn `info` into a
/// `LinearAlgebraError`. An overload that takes `work` calls the `_work` interface (the caller
/// owns the workspace, nothing is allocated, inputs are not checked for NaN; `lwork = -1` is a
/// workspace query); the one without lets LAPACKE allocate it and check inputs for NaN.
public enum LAPACK {
    public typealias Pointer = UnsafeMutablePointer<Double>

    /// `dpotrf`: A = UᵀU (uplo "U") or LLᵀ, overwriting that triangle of the n×n A.
    public static func potrf(_ uplo: Triangle, _ n: Int32, _ a: Pointer?, _ lda: Int32) -> Int32 {
        LAPACKE_dpotrf(LAPACK_COL_MAJOR, LAPACKSupport.uplo(uplo), n, a, lda)
    }

    /// `dpotrs`: B ← A⁻¹B from the factor of `potrf`.
    public static func potrs(_ uplo: Triangle, _ n: Int32, _ nrhs: Int32, _ a: UnsafePointer<Double>?, _ lda: Int32,
                             _ b: Pointer?, _ ldb: Int32) -> Int32 {
        LAPACKE_dpotrs(LAPACK_COL_MAJOR, LAPACKSupport.uplo(uplo), n, nrhs, a, lda, b, ldb)
    }

    /// `dgeqrf`: Householder QR of the m×n A (R above the diagonal, reflectors below, τ).
    public static func geqrf(_ m: Int32, _ n: Int32, _ a: Pointer?, _ lda: Int32, _ tau: Pointer?) -> Int32 {
        LAPACKE_dgeqrf(LAPACK_COL_MAJOR, m, n, a, lda, tau)
    }

    /// `dgeqrf` with a caller-owned workspace.
    public static func geqrf(_ m: Int32, _ n: Int32, _ a: Pointer?, _ lda: Int32, _ tau: Pointer?,
                             work: Pointer?, lwork: Int32) -> Int32 {
        LAPACKE_dgeqrf_work(LAPACK_COL_MAJOR, m, n, a, lda, tau, work, lwork)
    }

    /// `dorgqr`: the m×n Q with orthonormal columns from the k reflectors of `geqrf`.
    public static func orgqr(_ m: Int32, _ n: Int32, _ k: Int32, _ a: Pointer?, _ lda: Int32,
                             _ tau: UnsafePointer<Double>?) -> Int32 {
        LAPACKE_dorgqr(LAPACK_COL_MAJOR, m, n, k, a, lda, tau)
    }

    /// `dorgqr` with a caller-owned workspace.
    public static func orgqr(_ m: Int32, _ n: Int32, _ k: Int32, _ a: Pointer?, _ lda: Int32,
                             _ tau: UnsafePointer<Double>?, work: Pointer?, lwork: Int32) -> Int32 {
        LAPACKE_dorgqr_work(LAPACK_COL_MAJOR, m, n, k, a, lda, tau, work, lwork)
    }

    /// `dgesdd`: A = U·diag(s)·Vᵀ by divide and conquer (`jobz` "N": s only; "S": thin U, Vᵀ).
    public static func gesdd(_ jobz: UInt8, _ m: Int32, _ n: Int32, _ a: Pointer?, _ lda: Int32, _ s: Pointer?,
                             _ u: Pointer?, _ ldu: Int32, _ vt: Pointer?, _ ldvt: Int32) -> Int32 {
        LAPACKE_dgesdd(LAPACK_COL_MAJOR, CChar(jobz), m, n, a, lda, s, u, ldu, vt, ldvt)
    }

    /// `dgesdd` with caller-owned workspaces (`iwork`: 8·min(m, n) entries).
    public static func gesdd(_ jobz: UInt8, _ m: Int32, _ n: Int32, _ a: Pointer?, _ lda: Int32, _ s: Pointer?,
                             _ u: Pointer?, _ ldu: Int32, _ vt: Pointer?, _ ldvt: Int32,
                             work: Pointer?, lwork: Int32, iwork: UnsafeMutablePointer<Int32>?) -> Int32 {
        LAPACKE_dgesdd_work(LAPACK_COL_MAJOR, CChar(jobz), m, n, a, lda, s, u, ldu, vt, ldvt, work, lwork, iwork)
    }

    /// `dsyevd`: the eigenvalues (ascending) and, with `jobz` "V", the eigenvectors of the
    /// symmetric n×n A (its `uplo` triangle read; overwritten by the vectors).
    public static func syevd(_ jobz: UInt8, _ uplo: Triangle, _ n: Int32, _ a: Pointer?, _ lda: Int32,
                             _ w: Pointer?) -> Int32 {
        LAPACKE_dsyevd(LAPACK_COL_MAJOR, CChar(jobz), LAPACKSupport.uplo(uplo), n, a, lda, w)
    }

    /// `dsyevr` with caller-owned workspaces: selected eigenvalues (`range` "I": indices il…iu)
    /// and, with `jobz` "V", eigenvectors of the symmetric n×n A; `m` receives how many were found.
    public static func syevr(_ jobz: UInt8, _ range: UInt8, _ uplo: Triangle, _ n: Int32, _ a: Pointer?, _ lda: Int32,
                             il: Int32, iu: Int32, m: UnsafeMutablePointer<Int32>, w: Pointer?, z: Pointer?, ldz: Int32,
                             isuppz: UnsafeMutablePointer<Int32>?, work: Pointer?, lwork: Int32,
                             iwork: UnsafeMutablePointer<Int32>?, liwork: Int32) -> Int32 {
        LAPACKE_dsyevr_work(LAPACK_COL_MAJOR, CChar(jobz), CChar(range), LAPACKSupport.uplo(uplo), n, a, lda, 0, 0, il, iu,
                            0, m, w, z, ldz, isuppz, work, lwork, iwork, liwork)
    }

    /// `dgesv`: X with A·X = B by LU with partial pivoting (A overwritten by its factors, B by X).
    public static func gesv(_ n: Int32, _ nrhs: Int32, _ a: Pointer?, _ lda: Int32, _ ipiv: UnsafeMutablePointer<Int32>?,
                            _ b: Pointer?, _ ldb: Int32) -> Int32 {
        LAPACKE_dgesv(LAPACK_COL_MAJOR, n, nrhs, a, lda, ipiv, b, ldb)
    }

    /// `dgels` (trans "N"): the least-squares or minimum-norm X of A·X ≈ B, by QR or LQ (B
    /// overwritten by X).
    public static func gels(_ m: Int32, _ n: Int32, _ nrhs: Int32, _ a: Pointer?, _ lda: Int32, _ b: Pointer?,
                            _ ldb: Int32) -> Int32 {
        LAPACKE_dgels(LAPACK_COL_MAJOR, CChar(UInt8(ascii: "N")), m, n, nrhs, a, lda, b, ldb)
    }
}
