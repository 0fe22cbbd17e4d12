import CLinearAlgebra

/// Linear systems and least-squares problems with a general matrix.
public enum LinearSolve {
    /// X with A·X = B for square A, by LU factorization with partial pivoting
    /// (`LAPACKE_dgesv`). Throws `dimensionMismatch` when A is not square or B does not
    /// have n rows, `singular` when a pivot is exactly zero (an ill-conditioned but
    /// nonsingular A does not throw), `illegalArgument` when `info < 0` (including a NaN entry).
    public static func solve(_ a: Matrix, _ b: Matrix) throws(LinearAlgebraError) -> Matrix {
        let routine = "dgesv"
        guard a.rows == a.columns, b.rows == a.rows else {
            throw .dimensionMismatch(
                routine: routine,
                detail: "A is \(a.rows)×\(a.columns) (must be square), B is \(b.rows)×\(b.columns)")
        }
        let n = a.rows
        if n == 0 || b.columns == 0 { return b }
        let n32 = try LAPACKSupport.int32(n, routine: routine)
        let nrhs = try LAPACKSupport.int32(b.columns, routine: routine)
        var lu = a.elements
        var x = b
        var pivots = [Int32](repeating: 0, count: n)
        let info = lu.withUnsafeMutableBufferPointer { pa in
            pivots.withUnsafeMutableBufferPointer { pp in
                x.elements.withUnsafeMutableBufferPointer { px in
                    LAPACK.gesv(n32, nrhs, pa.baseAddress, n32,
                                  pp.baseAddress, px.baseAddress, n32)
                }
            }
        }
        try LAPACKSupport.check(info, routine: routine) { .singular(routine: routine, pivot: $0) }
        return x
    }

    /// The n×p matrix X minimizing ‖A·X − B‖_F for an m×n A of full rank and an m×p B, by
    /// QR (m ≥ n) or LQ (m < n, giving the minimum-norm solution) factorization
    /// (`LAPACKE_dgels`, trans = "N"). Throws `dimensionMismatch` when B does not have m rows,
    /// `rankDeficient` when the triangular factor has an exactly zero diagonal entry
    /// (near rank deficiency is not detected), `illegalArgument` when `info < 0`.
    public static func leastSquares(_ a: Matrix, _ b: Matrix) throws(LinearAlgebraError) -> Matrix {
        let routine = "dgels"
        let m = a.rows
        let n = a.columns
        let p = b.columns
        guard b.rows == m else {
            throw .dimensionMismatch(routine: routine, detail: "A is \(m)×\(n), B is \(b.rows)×\(p)")
        }
        if m == 0 || n == 0 || p == 0 { return Matrix(rows: n, columns: p) }
        let ldb = max(m, n)
        let m32 = try LAPACKSupport.int32(m, routine: routine)
        let n32 = try LAPACKSupport.int32(n, routine: routine)
        let p32 = try LAPACKSupport.int32(p, routine: routine)
        let ldb32 = try LAPACKSupport.int32(ldb, routine: routine)
        var factored = a.elements
        var work = [Double](repeating: 0, count: ldb * p)
        for j in 0..<p {
            for i in 0..<m {
                work[i + j * ldb] = b.elements[i + j * m]
            }
        }
        let info = factored.withUnsafeMutableBufferPointer { pa in
            work.withUnsafeMutableBufferPointer { pb in
                LAPACK.gels(m32, n32, p32,
                              pa.baseAddress, m32, pb.baseAddress, ldb32)
            }
        }
        try LAPACKSupport.check(info, routine: routine) { .rankDeficient(routine: routine, info: $0) }
        var x = Matrix(rows: n, columns: p)
        for j in 0..<p {
            for i in 0..<n {
                x.elements[i + j * n] = work[i + j * ldb]
            }
        }
        return x
    }
}
