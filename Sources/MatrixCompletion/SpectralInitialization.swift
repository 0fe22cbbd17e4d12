import NumericsCore

/// The start of alternating minimization.
public enum Initialization: String, Sendable, CaseIterable {
    /// The top-k left singular subspace of (1/q)·P_Ω(M), trimmed (JNS13's initialization).
    case spectral
    /// A uniformly random k-dimensional subspace (an ablation).
    case random
}

/// The initial factors: U₀ spans the top-k left singular subspace of (1/q)·P_Ω(M), q = |Ω|/(mn),
/// computed by subspace iteration with sparse products only (Y ← P_Ω(M)·X, X ← P_Ω(M)ᵀ·Y, each
/// orthonormalized: O(|Ω|·k) a step, no dense m×n matrix); rows of U₀ whose norm exceeds
/// τ = trim·√(k/m) are scaled down to τ (incoherence trimming; trim = 0 keeps them) and U₀ is
/// orthonormalized again; then V₀ = (1/q)·P_Ω(M)ᵀ·U₀, so that U₀V₀ᵀ is the rank-k estimate
/// U₀U₀ᵀ·(1/q)P_Ω(M). Factors are returned transposed (k×m and k×n).
public enum SpectralInitialization {
    /// U₀ and V₀ for `observed`, rank k, by `method`; the random start and the subspace
    /// iteration's start are drawn from `generator`.
    public static func factors(_ observed: ObservedEntries, rank k: Int, method: Initialization, iterations: Int, trim: Double,
                        using generator: inout Xoshiro256StarStar) throws -> (u: Matrix, v: Matrix) {
        let m = observed.rowCount, n = observed.columnCount
        var u: Matrix
        switch method {
        case .random:
            u = try orthonormalRows(Matrix.gaussian(rows: k, columns: m, using: &generator))
        case .spectral:
            var x = try orthonormalRows(Matrix.gaussian(rows: k, columns: n, using: &generator))
            u = Matrix(rows: k, columns: m)
            for step in 0...iterations {
                multiply(observed.byRow, x, into: &u)
                u = try orthonormalRows(u)
                if step == iterations { break }
                multiply(observed.byColumn, u, into: &x)
                x = try orthonormalRows(x)
            }
            if trim > 0 {
                let tau = trim * (Double(k) / Double(m)).squareRoot()
                for i in 0..<m {
                    var norm = 0.0
                    for l in 0..<k { norm += u[l, i] * u[l, i] }
                    norm = norm.squareRoot()
                    if norm > tau { for l in 0..<k { u[l, i] *= tau / norm } }
                }
                u = try orthonormalRows(u)
            }
        }
        var v = Matrix(rows: k, columns: n)
        multiply(observed.byColumn, u, into: &v)
        let scale = 1 / observed.sampleRate
        for e in v.elements.indices { v.elements[e] *= scale }
        return (u, v)
    }

    /// out (k×outerCount) ← the product of `entries` with the factor (k×innerCount).
    static func multiply(_ entries: CompressedEntries, _ factor: Matrix, into out: inout Matrix) {
        factor.elements.withUnsafeBufferPointer { f in
            out.elements.withUnsafeMutableBufferPointer { o in
                guard let f = f.baseAddress, let o = o.baseAddress else { return }
                entries.multiply(f, rank: factor.rows, into: o)
            }
        }
    }

    /// The k×N matrix whose rows are an orthonormal basis of the span of the rows of `a` (Q of
    /// the thin QR of aᵀ).
    static func orthonormalRows(_ a: Matrix) throws -> Matrix {
        guard a.elements.allSatisfy(\.isFinite) else { throw CompletionError.notFinite("the initial subspace") }
        return try QR(a.transposed).q.transposed
    }
}
