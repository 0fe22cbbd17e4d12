import NumericsCore

/// The exact update of one row x of a factor: the least-squares problem
/// min_x Σ_{i∈Ω_j} (a_iᵀx − M_ij)² solved by its normal equations G·x = b, G = Σ a_i a_iᵀ and
/// b = Σ a_i M_ij (`syrk` and `gemv` over the gathered a_i), and a Cholesky factorization of the
/// k×k G: O(|Ω_j|·k² + k³) per row, the cost of JNS13's alternating minimization that the paper
/// improves on. Buffers are allocated once.
struct NormalEquations {
    /// k.
    let rank: Int
    /// G, k×k column-major (upper triangle written).
    private var gram: [Double]
    /// b, then x.
    private var rightSide: [Double]
    private var cholesky: Cholesky.Small

    /// Buffers for rank k.
    init(rank k: Int) {
        rank = k
        gram = [Double](repeating: 0, count: k * k)
        rightSide = [Double](repeating: 0, count: k)
        cholesky = Cholesky.Small(size: k)
    }

    /// Writes the minimizer into `x` (k entries) for the c gathered rows `a` (k×c, column p is
    /// a_i of the p-th entry) and their values `y`. A G that is not positive definite (fewer
    /// than k entries, or rows that do not span R^k) is regularized by 10⁻¹²·tr(G)/k on its
    /// diagonal; returns false then (and x = 0 when G = 0).
    mutating func solve(_ a: UnsafePointer<Double>, count c: Int, values y: UnsafePointer<Double>,
                        into x: UnsafeMutablePointer<Double>) -> Bool {
        let k = rank
        let k32 = Int32(k), c32 = Int32(c)
        gram.withUnsafeMutableBufferPointer { g in
            BLAS.syrk(.upper, .none, n: k32, k: c32, alpha: 1, a: a, lda: k32, beta: 0, c: g.baseAddress, ldc: k32)
        }
        rightSide.withUnsafeMutableBufferPointer { b in
            BLAS.gemv(.none, m: k32, n: c32, alpha: 1, a: a, lda: k32, x: y, beta: 0, y: b.baseAddress)
        }
        var definite = c >= k && cholesky.factorize(gram)
        if !definite {
            var trace = 0.0
            for l in 0..<k { trace += gram[l * k + l] }
            guard trace > 0, trace.isFinite else {
                for l in 0..<k { x[l] = 0 }
                return false
            }
            for l in 0..<k { gram[l * k + l] += 1e-12 * trace / Double(k) }
            guard cholesky.factorize(gram) else {
                for l in 0..<k { x[l] = 0 }
                return false
            }
            definite = false
        }
        cholesky.solve(&rightSide)
        for l in 0..<k { x[l] = rightSide[l] }
        return definite
    }
}
