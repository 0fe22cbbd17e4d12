import CLinearAlgebra

/// Thin wrappers of the CBLAS routines the experiments use, one routine per function,
/// on column-major `Matrix` and `[Double]` operands with unit stride.
///
/// OpenBLAS 0.3.21's small-matrix kernels for AVX-512 call `malloc` in every `dgemm` without
/// transposes (op(A) = A, op(B) = B); the transposed forms and `dsymm` do not. The iteration
/// loops therefore multiply by a symmetric matrix with `symm` and otherwise put one operand in
/// transposed form.
///
/// Shapes are checked before the call; a mismatch throws `LinearAlgebraError.dimensionMismatch`.
/// The `into:` variants write through the destination's storage and therefore do not
/// allocate when the destination is uniquely referenced.
public enum BLAS {
    /// C ← α·op(A)·op(B) + β·C (`cblas_dgemm`), where op(A) is m×k, op(B) is k×n and C is m×n.
    /// With β = 0 the input C is not read (NaN entries in it do not propagate).
    /// Throws `dimensionMismatch` when the shapes do not fit.
    public static func gemm(
        _ transA: Transpose = .none, _ transB: Transpose = .none,
        alpha: Double = 1, _ a: Matrix, _ b: Matrix,
        beta: Double = 0, into c: inout Matrix
    ) throws(LinearAlgebraError) {
        let routine = "dgemm"
        let (m, k) = transA == .none ? (a.rows, a.columns) : (a.columns, a.rows)
        let (kB, n) = transB == .none ? (b.rows, b.columns) : (b.columns, b.rows)
        guard k == kB, c.rows == m, c.columns == n else {
            throw .dimensionMismatch(
                routine: routine,
                detail: "op(A) is \(m)×\(k), op(B) is \(kB)×\(n), C is \(c.rows)×\(c.columns)")
        }
        if m == 0 || n == 0 { return }
        if k == 0 {
            scale(&c.elements, by: beta)
            return
        }
        let m32 = try LAPACKSupport.int32(m, routine: routine)
        let n32 = try LAPACKSupport.int32(n, routine: routine)
        let k32 = try LAPACKSupport.int32(k, routine: routine)
        let lda = try LAPACKSupport.int32(a.rows, routine: routine)
        let ldb = try LAPACKSupport.int32(b.rows, routine: routine)
        a.elements.withUnsafeBufferPointer { pa in
            b.elements.withUnsafeBufferPointer { pb in
                c.elements.withUnsafeMutableBufferPointer { pc in
                    gemm(transA, transB, m: m32, n: n32, k: k32, alpha: alpha, a: pa.baseAddress, lda: lda,
                         b: pb.baseAddress, ldb: ldb, beta: beta, c: pc.baseAddress, ldc: m32)
                }
            }
        }
    }

    /// op(A)·op(B) as a new matrix (`cblas_dgemm` with α = 1, β = 0).
    /// Throws `dimensionMismatch` when the inner dimensions differ.
    public static func product(
        _ a: Matrix, _ b: Matrix, _ transA: Transpose = .none, _ transB: Transpose = .none
    ) throws(LinearAlgebraError) -> Matrix {
        let m = transA == .none ? a.rows : a.columns
        let n = transB == .none ? b.columns : b.rows
        var c = Matrix(rows: m, columns: n)
        try gemm(transA, transB, a, b, into: &c)
        return c
    }

    /// y ← α·op(A)·x + β·y (`cblas_dgemv`), where op(A) is m×n, x has n and y has m entries.
    /// With β = 0 the input y is not read. Throws `dimensionMismatch` when the lengths do not fit.
    public static func gemv(
        _ trans: Transpose = .none, alpha: Double = 1, _ a: Matrix, _ x: [Double],
        beta: Double = 0, into y: inout [Double]
    ) throws(LinearAlgebraError) {
        let routine = "dgemv"
        let (m, n) = trans == .none ? (a.rows, a.columns) : (a.columns, a.rows)
        guard x.count == n, y.count == m else {
            throw .dimensionMismatch(
                routine: routine,
                detail: "op(A) is \(m)×\(n), x has \(x.count) entries, y has \(y.count)")
        }
        if m == 0 { return }
        if n == 0 {
            scale(&y, by: beta)
            return
        }
        let rows32 = try LAPACKSupport.int32(a.rows, routine: routine)
        let columns32 = try LAPACKSupport.int32(a.columns, routine: routine)
        a.elements.withUnsafeBufferPointer { pa in
            x.withUnsafeBufferPointer { px in
                y.withUnsafeMutableBufferPointer { py in
                    gemv(trans, m: rows32, n: columns32, alpha: alpha, a: pa.baseAddress, lda: rows32,
                         x: px.baseAddress, beta: beta, y: py.baseAddress)
                }
            }
        }
    }

    /// C ← α·op(A)·op(A)ᵀ + β·C (`cblas_dsyrk`) on triangle `uplo` of the n×n matrix C:
    /// A·Aᵀ for `trans = .none` (A is n×k), AᵀA for `.transpose` (A is k×n).
    /// The computed triangle is then copied into the other one, so C is a full symmetric
    /// matrix; with β ≠ 0 only triangle `uplo` of the input C is read.
    /// Throws `dimensionMismatch` when C is not n×n.
    public static func syrk(
        _ uplo: Triangle = .upper, _ trans: Transpose = .none, alpha: Double = 1,
        _ a: Matrix, beta: Double = 0, into c: inout Matrix
    ) throws(LinearAlgebraError) {
        let routine = "dsyrk"
        let (n, k) = trans == .none ? (a.rows, a.columns) : (a.columns, a.rows)
        guard c.rows == n, c.columns == n else {
            throw .dimensionMismatch(
                routine: routine,
                detail: "op(A)·op(A)ᵀ is \(n)×\(n), C is \(c.rows)×\(c.columns)")
        }
        if n == 0 { return }
        if k == 0 {
            scale(&c.elements, by: beta)
        } else {
            let n32 = try LAPACKSupport.int32(n, routine: routine)
            let k32 = try LAPACKSupport.int32(k, routine: routine)
            let lda = try LAPACKSupport.int32(a.rows, routine: routine)
            a.elements.withUnsafeBufferPointer { pa in
                c.elements.withUnsafeMutableBufferPointer { pc in
                    syrk(uplo, trans, n: n32, k: k32, alpha: alpha, a: pa.baseAddress, lda: lda, beta: beta,
                         c: pc.baseAddress, ldc: n32)
                }
            }
        }
        c.elements.withUnsafeMutableBufferPointer { pc in
            for j in 0..<n {
                for i in 0..<j {
                    switch uplo {
                    case .upper: pc[j + i * n] = pc[i + j * n]
                    case .lower: pc[i + j * n] = pc[j + i * n]
                    }
                }
            }
        }
    }

    /// C ← α·A·B + β·C for the symmetric n×n A, of which only the upper triangle is read, and
    /// the n×k B (`cblas_dsymm`, side left). Throws `dimensionMismatch` when the shapes do not fit.
    public static func symm(
        _ a: Matrix, _ b: Matrix, alpha: Double = 1, beta: Double = 0, into c: inout Matrix
    ) throws(LinearAlgebraError) {
        let routine = "dsymm"
        guard a.rows == a.columns, b.rows == a.rows, c.rows == b.rows, c.columns == b.columns else {
            throw .dimensionMismatch(
                routine: routine, detail: "A is \(a.rows)×\(a.columns), B is \(b.rows)×\(b.columns), C is \(c.rows)×\(c.columns)")
        }
        if c.rows == 0 || c.columns == 0 { return }
        let n32 = try LAPACKSupport.int32(c.rows, routine: routine)
        let k32 = try LAPACKSupport.int32(c.columns, routine: routine)
        a.elements.withUnsafeBufferPointer { pa in
            b.elements.withUnsafeBufferPointer { pb in
                c.elements.withUnsafeMutableBufferPointer { pc in
                    symm(n: n32, k: k32, alpha: alpha, a: pa.baseAddress, lda: n32, b: pb.baseAddress, ldb: n32,
                         beta: beta, c: pc.baseAddress, ldc: n32)
                }
            }
        }
    }

    /// C ← α·A·B + β·C (`cblas_dgemm`, no transposes). The mandated form above cannot be
    /// called as `gemm(a, b, into: &c)`, because its leading unlabeled `Transpose` parameters
    /// capture the first positional argument; this overload makes that call compile.
    public static func gemm(
        _ a: Matrix, _ b: Matrix, alpha: Double = 1, beta: Double = 0, into c: inout Matrix
    ) throws(LinearAlgebraError) {
        try gemm(.none, .none, alpha: alpha, a, b, beta: beta, into: &c)
    }

    /// y ← α·A·x + β·y (`cblas_dgemv`, no transpose); makes `gemv(a, x, into: &y)` compile.
    public static func gemv(
        _ a: Matrix, _ x: [Double], alpha: Double = 1, beta: Double = 0, into y: inout [Double]
    ) throws(LinearAlgebraError) {
        try gemv(.none, alpha: alpha, a, x, beta: beta, into: &y)
    }

    /// C ← α·A·Aᵀ + β·C (`cblas_dsyrk`, upper triangle, mirrored into the lower one);
    /// makes `syrk(a, into: &c)` compile.
    public static func syrk(
        _ a: Matrix, alpha: Double = 1, beta: Double = 0, into c: inout Matrix
    ) throws(LinearAlgebraError) {
        try syrk(.upper, .none, alpha: alpha, a, beta: beta, into: &c)
    }

    /// xᵀy = Σ xᵢyᵢ (`cblas_ddot`). Precondition: equal counts. Empty vectors give 0.
    public static func dot(_ x: [Double], _ y: [Double]) -> Double {
        precondition(x.count == y.count, "BLAS.dot: counts \(x.count) and \(y.count) differ")
        if x.isEmpty { return 0 }
        let n = vectorLength(x.count)
        return x.withUnsafeBufferPointer { px in
            y.withUnsafeBufferPointer { py in
                cblas_ddot(n, px.baseAddress, 1, py.baseAddress, 1)
            }
        }
    }

    /// The Euclidean norm ‖x‖₂ (`cblas_dnrm2`, scaled against overflow). Empty vectors give 0.
    public static func nrm2(_ x: [Double]) -> Double {
        if x.isEmpty { return 0 }
        let n = vectorLength(x.count)
        return x.withUnsafeBufferPointer { px in
            cblas_dnrm2(n, px.baseAddress, 1)
        }
    }

    /// y ← α·x + y (`cblas_daxpy`). Precondition: equal counts. Does not allocate when y is
    /// uniquely referenced.
    public static func axpy(alpha: Double, _ x: [Double], _ y: inout [Double]) {
        precondition(x.count == y.count, "BLAS.axpy: counts \(x.count) and \(y.count) differ")
        if x.isEmpty { return }
        let n = vectorLength(x.count)
        x.withUnsafeBufferPointer { px in
            y.withUnsafeMutableBufferPointer { py in
                cblas_daxpy(n, alpha, px.baseAddress, 1, py.baseAddress, 1)
            }
        }
    }

    /// The CBLAS code of a transpose flag.
    static func cblas(_ trans: Transpose) -> CBLAS_TRANSPOSE {
        trans == .none ? CblasNoTrans : CblasTrans
    }

    /// A vector length as a 32-bit BLAS integer (a 2³¹-entry vector is 16 GiB).
    private static func vectorLength(_ count: Int) -> Int32 {
        guard let n = Int32(exactly: count) else {
            preconditionFailure("BLAS: vector length \(count) exceeds the 32-bit BLAS integer range")
        }
        return n
    }

    /// v ← β·v with BLAS semantics: β = 0 sets v to zero without reading it.
    private static func scale(_ v: inout [Double], by beta: Double) {
        if beta == 0 {
            for i in v.indices { v[i] = 0 }
        } else if beta != 1 {
            for i in v.indices { v[i] *= beta }
        }
    }
}
