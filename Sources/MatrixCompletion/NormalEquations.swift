import NumericsCore

/// The exact update of one row x of a factor: the least-squares problem
/// min_x Σ_{i∈Ω_j} (a_iᵀx − M_ij)² solved by its normal equations G·x = b, G = Σ a_i a_iᵀ and
/// b = Σ a_i M_ij, and a Cholesky factorization of the k×k G: O(|Ω_j|·k² + k³) per row, the cost
/// of JNS13's alternating minimization that the paper improves on. It takes the
/// c×(k+1) matrix [D y] of the row's entries (row p of D is a_iᵀ of the p-th entry, y_p = M_ij;
/// column-major, so each of its k+1 columns is contiguous) and gets G and b from one product,
/// [D y]ᵀ·D (`gemm` with the first operand transposed, which OpenBLAS runs through its
/// small-matrix kernel without packing): the (k+1)×k result holds G = DᵀD in its first k rows
/// and bᵀ = yᵀD in its last. Buffers are allocated once.
struct NormalEquations {
    /// k.
    let rank: Int
    /// [D y]ᵀ·D, (k+1)×k column-major: G in the first k rows, bᵀ in the last.
    private var augmentedGram: [Double]
    /// G, k×k column-major (the upper triangle is read).
    private var gram: [Double]
    /// b, then x.
    private var rightSide: [Double]
    private var cholesky: Cholesky.Small

    /// Buffers for rank k.
    init(rank k: Int) {
        rank = k
        augmentedGram = [Double](repeating: 0, count: (k + 1) * k)
        gram = [Double](repeating: 0, count: k * k)
        rightSide = [Double](repeating: 0, count: k)
        cholesky = Cholesky.Small(size: k)
    }

    /// Writes the minimizer into `x` (k entries) for the c entries' `augmented` = [D y] (c×(k+1),
    /// column-major, leading dimension c): G and b from one product. Returns false when G was
    /// regularized (`finish`).
    mutating func solve(augmented: UnsafePointer<Double>, count c: Int, into x: UnsafeMutablePointer<Double>) -> Bool {
        let k = rank, width = k + 1
        let w32 = Int32(width), c32 = Int32(c)
        augmentedGram.withUnsafeMutableBufferPointer { g in
            BLAS.gemm(.transpose, .none, m: w32, n: Int32(k), k: c32, alpha: 1, a: augmented, lda: max(1, c32), b: augmented,
                      ldb: max(1, c32), beta: 0, c: g.baseAddress, ldc: w32)
        }
        for column in 0..<k {
            for row in 0..<k { gram[column * k + row] = augmentedGram[column * width + row] }
            rightSide[column] = augmentedGram[column * width + k]
        }
        return finish(count: c, into: x)
    }

    /// x = G⁻¹b by Cholesky from `gram` (upper triangle) and `rightSide`, for a row of c
    /// entries. A G that is not positive definite (fewer than k entries, or rows that do not span
    /// R^k) is regularized by 10⁻¹²·tr(G)/k on its diagonal; returns false then (and x = 0 when
    /// G = 0).
    private mutating func finish(count c: Int, into x: UnsafeMutablePointer<Double>) -> Bool {
        let k = rank
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
