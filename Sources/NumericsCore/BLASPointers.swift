import CLinearAlgebra

/// The pointer-level wrappers of the level-2 and level-3 CBLAS routines, one per routine, with
/// explicit leading dimensions (Julia's `BLAS.gemm!`/`gemv!` on strided views): the only callers
/// of those routines. The `Matrix` forms in `BLAS.swift` check shapes and call these; kernels
/// that work on sub-blocks of a larger column-major array call them directly. Callers check
/// shapes; these do not allocate.
extension BLAS {
    /// C ← α·op(A)·op(B) + β·C on raw column-major blocks: op(A) is m×k, op(B) is k×n,
    /// C is m×n with leading dimension `ldc` (`cblas_dgemm`).
    public static func gemm(
        _ transA: Transpose, _ transB: Transpose, m: Int32, n: Int32, k: Int32,
        alpha: Double, a: UnsafePointer<Double>?, lda: Int32, b: UnsafePointer<Double>?, ldb: Int32,
        beta: Double, c: UnsafeMutablePointer<Double>?, ldc: Int32
    ) {
        cblas_dgemm(CblasColMajor, cblas(transA), cblas(transB), m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
    }

    /// y ← α·op(A)·x + β·y on a raw column-major m×n block A with leading dimension `lda`
    /// (`cblas_dgemv`, unit strides).
    public static func gemv(
        _ trans: Transpose, m: Int32, n: Int32, alpha: Double, a: UnsafePointer<Double>?, lda: Int32,
        x: UnsafePointer<Double>?, beta: Double, y: UnsafeMutablePointer<Double>?
    ) {
        cblas_dgemv(CblasColMajor, cblas(trans), m, n, alpha, a, lda, x, 1, beta, y, 1)
    }

    /// C ← α·op(A)·op(A)ᵀ + β·C on the `uplo` triangle of the n×n C, op(A) n×k (`cblas_dsyrk`).
    public static func syrk(
        _ uplo: Triangle, _ trans: Transpose, n: Int32, k: Int32, alpha: Double, a: UnsafePointer<Double>?, lda: Int32,
        beta: Double, c: UnsafeMutablePointer<Double>?, ldc: Int32
    ) {
        cblas_dsyrk(CblasColMajor, uplo == .upper ? CblasUpper : CblasLower, cblas(trans), n, k, alpha, a, lda, beta, c, ldc)
    }

    /// C ← α·A·B + β·C for the symmetric n×n A (upper triangle read) and the n×k B, from the
    /// left (`cblas_dsymm`).
    public static func symm(
        n: Int32, k: Int32, alpha: Double, a: UnsafePointer<Double>?, lda: Int32, b: UnsafePointer<Double>?, ldb: Int32,
        beta: Double, c: UnsafeMutablePointer<Double>?, ldc: Int32
    ) {
        cblas_dsymm(CblasColMajor, CblasLeft, CblasUpper, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
    }

    /// B ← α·op(U)⁻¹·B for the upper triangular n×n U and the n×k B, from the left
    /// (`cblas_dtrsm`, non-unit diagonal).
    public static func trsm(
        _ trans: Transpose, n: Int32, k: Int32, alpha: Double, u: UnsafePointer<Double>?, ldu: Int32,
        b: UnsafeMutablePointer<Double>?, ldb: Int32
    ) {
        cblas_dtrsm(CblasColMajor, CblasLeft, CblasUpper, cblas(trans), CblasNonUnit, n, k, alpha, u, ldu, b, ldb)
    }
}
