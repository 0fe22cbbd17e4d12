import CLinearAlgebra

/// The thin singular value decomposition A = U·diag(σ)·Vᵀ of an m×n matrix, with
/// k = min(m, n) (`LAPACKE_dgesdd`, jobz = "S", divide and conquer).
public struct SVD: Sendable {
    /// U, m×k with orthonormal columns (left singular vectors).
    public let u: Matrix
    /// σ₁ ≥ σ₂ ≥ … ≥ σ_k ≥ 0.
    public let singularValues: [Double]
    /// Vᵀ, k×n with orthonormal rows (right singular vectors).
    public let vt: Matrix

    /// Decomposes `a`. Throws `noConvergence` when `info > 0` and `illegalArgument` when
    /// `info < 0` (including a NaN entry).
    public init(_ a: Matrix) throws(LinearAlgebraError) {
        let routine = "dgesdd"
        let m = a.rows
        let n = a.columns
        let k = min(m, n)
        if k == 0 {
            u = Matrix(rows: m, columns: 0)
            singularValues = []
            vt = Matrix(rows: 0, columns: n)
            return
        }
        let m32 = try LAPACKSupport.int32(m, routine: routine)
        let n32 = try LAPACKSupport.int32(n, routine: routine)
        let k32 = try LAPACKSupport.int32(k, routine: routine)
        var work = a.elements
        var s = [Double](repeating: 0, count: k)
        var uElements = [Double](repeating: 0, count: m * k)
        var vtElements = [Double](repeating: 0, count: k * n)
        let info = work.withUnsafeMutableBufferPointer { pa in
            s.withUnsafeMutableBufferPointer { ps in
                uElements.withUnsafeMutableBufferPointer { pu in
                    vtElements.withUnsafeMutableBufferPointer { pvt in
                        LAPACK.gesdd(UInt8(ascii: "S"), m32, n32,
                                       pa.baseAddress, m32, ps.baseAddress,
                                       pu.baseAddress, m32, pvt.baseAddress, k32)
                    }
                }
            }
        }
        try LAPACKSupport.check(info, routine: routine) { .noConvergence(routine: routine, info: $0) }
        u = Matrix(rows: m, columns: k, columnMajor: uElements)
        singularValues = s
        vt = Matrix(rows: k, columns: n, columnMajor: vtElements)
    }
}
