import NumericsCore

/// Keeps the factor just solved orthonormal without changing the product X = UVᵀ (as JNS13's
/// alternating minimization takes the QR of each update): with the solved factor F = Q·R,
/// F ← Q and the other factor G ← G·Rᵀ, so that G·Fᵀ is unchanged. The other factor then holds
/// the warm starts of the next half-step in the new basis. Both factors are stored transposed
/// (k×N and k×M). Every buffer is allocated in `init`.
struct FactorBasis {
    /// k.
    let rank: Int
    private var thin: QR.ThinQ
    /// Fᵀ as N×k.
    private var rows: Matrix
    /// R, k×k.
    private var triangle: [Double]
    /// R·G, k×M.
    private var pushed: Matrix

    /// Buffers for a solved factor of N rows and another of M rows, rank k.
    init(rank k: Int, solvedRows n: Int, otherRows m: Int) throws(LinearAlgebraError) {
        rank = k
        thin = try QR.ThinQ(rows: n, columns: k)
        rows = Matrix(rows: n, columns: k)
        triangle = [Double](repeating: 0, count: k * k)
        pushed = Matrix(rows: k, columns: m)
    }

    /// solved (k×N) ← Qᵀ and other (k×M) ← R·other. Returns false, changing nothing, when
    /// `solved` has an entry that is not finite.
    mutating func orthonormalize(_ solved: inout Matrix, pushInto other: inout Matrix) throws(LinearAlgebraError) -> Bool {
        guard solved.elements.allSatisfy(\.isFinite) else { return false }
        let k = Int32(rank), n = Int32(rows.rows), m = Int32(other.columns)
        solved.transpose(into: &rows)
        try thin.factor(rows)
        thin.q.elements.withUnsafeBufferPointer { q in
            rows.elements.withUnsafeBufferPointer { f in
                triangle.withUnsafeMutableBufferPointer { r in
                    BLAS.gemm(.transpose, .none, m: k, n: k, k: n, alpha: 1, a: q.baseAddress, lda: n, b: f.baseAddress,
                              ldb: n, beta: 0, c: r.baseAddress, ldc: k)
                }
            }
        }
        thin.q.transpose(into: &solved)
        triangle.withUnsafeBufferPointer { r in
            other.elements.withUnsafeBufferPointer { g in
                pushed.elements.withUnsafeMutableBufferPointer { out in
                    BLAS.gemm(.none, .none, m: k, n: m, k: k, alpha: 1, a: r.baseAddress, lda: k, b: g.baseAddress,
                              ldb: k, beta: 0, c: out.baseAddress, ldc: k)
                }
            }
        }
        swap(&other, &pushed)
        return true
    }
}
