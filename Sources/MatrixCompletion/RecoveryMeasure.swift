import NumericsCore
import Sensing

/// How far the iterate X = UVᵀ is from the matrix being completed, for U with orthonormal
/// columns (as after each full iteration). Factors are stored transposed (k×m and k×n). Buffers
/// are allocated in `init`.
///
/// - relative error ‖UVᵀ − M‖_F/‖M‖_F: for the planted M = U*ΣV*ᵀ, from
///   ‖UVᵀ − M‖² = ‖(I − UUᵀ)U*Σ‖² + ‖V − V*ΣU*ᵀU‖² (orthonormal U and V*), in O((m + n)·k²)
///   and without the cancellation of a difference of squared norms, so errors down to ~1e-15
///   are measured; for a dense truth, from the m×n product;
/// - subspace distance ‖(I − UUᵀ)U*‖₂ = sin of the largest principal angle (planted only);
/// - observed residual ‖P_Ω(UVᵀ − M)‖_F/‖P_Ω(M)‖_F, in O(|Ω|·k).
struct RecoveryMeasure {
    let truth: GroundTruth
    /// Uᵀ·U*, k×k*.
    private var overlap: Matrix
    /// (I − UUᵀ)U*Σ, m×k*, then (I − UUᵀ)U*.
    private var leftPart: Matrix
    /// V − V*ΣWᵀ, transposed (k×n).
    private var rightPart: Matrix
    /// UVᵀ (dense truth only).
    private var product: Matrix

    /// Buffers for `truth` and factors of rank k.
    init(truth: GroundTruth, rank k: Int, rows m: Int, columns n: Int) {
        self.truth = truth
        switch truth {
        case .planted(let factors):
            let r = factors.spectrum.count
            overlap = Matrix(rows: k, columns: r)
            leftPart = Matrix(rows: m, columns: r)
            rightPart = Matrix(rows: k, columns: n)
            product = Matrix(rows: 0, columns: 0)
        case .dense:
            overlap = Matrix(rows: 0, columns: 0)
            leftPart = overlap
            rightPart = overlap
            product = Matrix(rows: m, columns: n)
        case .unknown:
            overlap = Matrix(rows: 0, columns: 0)
            leftPart = overlap
            rightPart = overlap
            product = overlap
        }
    }

    /// ‖UVᵀ − M‖_F/‖M‖_F, or nil when M is unknown.
    mutating func relativeError(u: Matrix, v: Matrix) throws -> Double? {
        switch truth {
        case .unknown:
            return nil
        case .dense(let m):
            try BLAS.gemm(.transpose, .none, u, v, into: &product)
            return product.frobeniusDistance(to: m) / m.frobeniusNorm
        case .planted(let factors):
            let k = Int32(u.rows), r = Int32(factors.spectrum.count), m = Int(u.columns), n = Int32(v.columns)
            formOverlap(u: u, factors: factors)
            // W·Σ, then (I − UUᵀ)U*Σ = U*Σ − Uᵀᵀ(WΣ) and Vᵀ − (WΣ)V*ᵀ.
            for l in 0..<Int(r) { for a in 0..<Int(k) { overlap[a, l] *= factors.spectrum[l] } }
            for l in 0..<Int(r) { for i in 0..<m { leftPart[i, l] = factors.left[i, l] * factors.spectrum[l] } }
            rightPart.elements.withUnsafeMutableBufferPointer { out in
                v.elements.withUnsafeBufferPointer { source in
                    for e in 0..<out.count { out[e] = source[e] }
                }
            }
            subtractProjection(u: u, rank: r)
            overlap.elements.withUnsafeBufferPointer { wb in
                factors.right.elements.withUnsafeBufferPointer { vb in
                    rightPart.elements.withUnsafeMutableBufferPointer { qb in
                        BLAS.gemm(.none, .transpose, m: k, n: n, k: r, alpha: -1, a: wb.baseAddress, lda: k,
                                  b: vb.baseAddress, ldb: n, beta: 1, c: qb.baseAddress, ldc: k)
                    }
                }
            }
            let left = leftPart.frobeniusNorm, right = rightPart.frobeniusNorm
            return (left * left + right * right).squareRoot() / factors.frobeniusNorm
        }
    }

    /// ‖(I − UUᵀ)U*‖₂, or nil when the planted factors are unknown.
    mutating func subspaceDistance(u: Matrix) throws -> Double? {
        guard case .planted(let factors) = truth else { return nil }
        formOverlap(u: u, factors: factors)
        leftPart.elements.withUnsafeMutableBufferPointer { out in
            factors.left.elements.withUnsafeBufferPointer { source in
                for e in 0..<out.count { out[e] = source[e] }
            }
        }
        subtractProjection(u: u, rank: Int32(factors.spectrum.count))
        let gram = try BLAS.product(leftPart, leftPart, .transpose, .none)
        let largest = try SymmetricEigen(gram).values.max() ?? 0
        return max(0, largest).squareRoot()
    }

    /// leftPart ← leftPart − U·(the k×k* `overlap`): the part of leftPart outside span(U).
    private mutating func subtractProjection(u: Matrix, rank r: Int32) {
        let k = Int32(u.rows), m = Int32(u.columns)
        u.elements.withUnsafeBufferPointer { ub in
            overlap.elements.withUnsafeBufferPointer { wb in
                leftPart.elements.withUnsafeMutableBufferPointer { pb in
                    BLAS.gemm(.transpose, .none, m: m, n: r, k: k, alpha: -1, a: ub.baseAddress, lda: k,
                              b: wb.baseAddress, ldb: k, beta: 1, c: pb.baseAddress, ldc: m)
                }
            }
        }
    }

    /// W = Uᵀ·U* (k×k*).
    private mutating func formOverlap(u: Matrix, factors: PlantedFactors) {
        let k = Int32(u.rows), r = Int32(factors.spectrum.count), m = Int32(u.columns)
        u.elements.withUnsafeBufferPointer { ub in
            factors.left.elements.withUnsafeBufferPointer { sb in
                overlap.elements.withUnsafeMutableBufferPointer { wb in
                    BLAS.gemm(.none, .none, m: k, n: r, k: m, alpha: 1, a: ub.baseAddress, lda: k, b: sb.baseAddress,
                              ldb: m, beta: 0, c: wb.baseAddress, ldc: k)
                }
            }
        }
    }

    /// ‖P_Ω(UVᵀ − M)‖_F/‖P_Ω(M)‖_F.
    static func observedResidual(u: Matrix, v: Matrix, observed: ObservedEntries) -> Double {
        let k = u.rows, entries = observed.byColumn
        var residual = 0.0, total = 0.0
        u.elements.withUnsafeBufferPointer { ub in
            v.elements.withUnsafeBufferPointer { vb in
                guard let ub = ub.baseAddress, let vb = vb.baseAddress else { return }
                for j in 0..<entries.outerCount {
                    let vj = vb + j * k
                    for e in entries.starts[j]..<entries.starts[j + 1] {
                        let ui = ub + Int(entries.indices[e]) * k
                        var x = 0.0
                        for l in 0..<k { x += ui[l] * vj[l] }
                        let d = x - entries.values[e]
                        residual += d * d
                        total += entries.values[e] * entries.values[e]
                    }
                }
            }
        }
        return total > 0 ? (residual / total).squareRoot() : residual.squareRoot()
    }
}
