import CLinearAlgebra

/// Thin pointer-level wrappers of `cblas_dgemm` and `cblas_dgemv` with explicit leading
/// dimensions, for kernels that work on sub-blocks of a larger column-major array (Julia's
/// `BLAS.gemm!`/`BLAS.gemv!` on strided views). Callers check shapes; these do not allocate.
extension BLAS {
    /// C ← α·op(A)·op(B) + β·C on raw column-major blocks: op(A) is m×k, op(B) is k×n,
    /// C is m×n with leading dimension `ldc` (`cblas_dgemm`).
    public static func gemm(
        _ transA: Transpose, _ transB: Transpose, m: Int32, n: Int32, k: Int32,
        alpha: Double, a: UnsafePointer<Double>, lda: Int32, b: UnsafePointer<Double>, ldb: Int32,
        beta: Double, c: UnsafeMutablePointer<Double>, ldc: Int32
    ) {
        cblas_dgemm(CblasColMajor, transA == .none ? CblasNoTrans : CblasTrans,
                    transB == .none ? CblasNoTrans : CblasTrans,
                    m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
    }

    /// y ← α·op(A)·x + β·y on a raw column-major m×n block A with leading dimension `lda`
    /// (`cblas_dgemv`, unit strides).
    public static func gemv(
        _ trans: Transpose, m: Int32, n: Int32, alpha: Double, a: UnsafePointer<Double>, lda: Int32,
        x: UnsafePointer<Double>, beta: Double, y: UnsafeMutablePointer<Double>
    ) {
        cblas_dgemv(CblasColMajor, trans == .none ? CblasNoTrans : CblasTrans,
                    m, n, alpha, a, lda, x, 1, beta, y, 1)
    }
}
