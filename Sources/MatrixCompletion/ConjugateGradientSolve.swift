import NumericsCore

/// The approximate update of one row x of a factor: conjugate gradient on the normal equations
/// G·x = b of min_x Σ_{i∈Ω_j} (a_iᵀx − M_ij)², warm-started at the row's previous value x₀ and
/// stopped at ‖b − Gx‖₂ ≤ ε·‖b‖₂ (a fixed accuracy) or, relative to the start,
/// ‖b − Gx‖₂ ≤ ε·‖b − Gx₀‖₂ (an update error of about ε times the step), or after its
/// iteration cap. G is never formed: G·p = A(Aᵀp)
/// costs 4·|Ω_j|·k flops, so a solve costs O(|Ω_j|·k·log(1/ε)) for a well-conditioned G, the
/// running time the paper's analysis allows. With a preconditioner (`SketchPreconditioner`) it
/// is preconditioned conjugate gradient with M⁻¹ = (RᵀR)⁻¹.
struct ConjugateGradientSolve {
    /// k.
    let rank: Int
    /// ε.
    let tolerance: Double
    /// Iteration cap per solve.
    let maxIterations: Int
    /// Whether ε is relative to the warm start's residual rather than to ‖b‖.
    let relativeToStart: Bool
    private var residual: [Double]
    private var direction: [Double]
    private var product: [Double]
    private var preconditioned: [Double]
    /// Aᵀp, one entry per gathered row.
    private var projected: [Double]

    /// Buffers for rank k and up to `longest` entries a row.
    init(rank k: Int, longest: Int, tolerance: Double, maxIterations: Int, relativeToStart: Bool = false) {
        rank = k
        self.tolerance = tolerance
        self.maxIterations = maxIterations
        self.relativeToStart = relativeToStart
        residual = [Double](repeating: 0, count: k)
        direction = residual
        product = residual
        preconditioned = residual
        projected = [Double](repeating: 0, count: max(1, longest))
    }

    /// Improves `x` (k entries, the warm start) for the c gathered rows `a` (k×c) and values
    /// `y`; returns the iterations taken.
    mutating func solve(_ a: UnsafePointer<Double>, count c: Int, values y: UnsafePointer<Double>,
                        into x: UnsafeMutablePointer<Double>, preconditioner: SketchPreconditioner?) -> Int {
        let k = rank, k32 = Int32(k), c32 = Int32(c)
        let tolerance = self.tolerance, maxIterations = self.maxIterations, relativeToStart = self.relativeToStart
        return residual.withUnsafeMutableBufferPointer { rb in
            direction.withUnsafeMutableBufferPointer { pb in
                product.withUnsafeMutableBufferPointer { qb in
                    preconditioned.withUnsafeMutableBufferPointer { zb in
                        projected.withUnsafeMutableBufferPointer { tb in
                            guard let r = rb.baseAddress, let p = pb.baseAddress, let q = qb.baseAddress,
                                  let z = zb.baseAddress, let t = tb.baseAddress else { return 0 }
                            if c == 0 {
                                for l in 0..<k { x[l] = 0 }
                                return 0
                            }
                            // r = b − A(Aᵀx), with b = A·y.
                            BLAS.gemv(.none, m: k32, n: c32, alpha: 1, a: a, lda: k32, x: y, beta: 0, y: r)
                            var bNorm = 0.0
                            for l in 0..<k { bNorm += r[l] * r[l] }
                            bNorm = bNorm.squareRoot()
                            if bNorm == 0 {
                                for l in 0..<k { x[l] = 0 }
                                return 0
                            }
                            BLAS.gemv(.transpose, m: k32, n: c32, alpha: 1, a: a, lda: k32, x: x, beta: 0, y: t)
                            BLAS.gemv(.none, m: k32, n: c32, alpha: -1, a: a, lda: k32, x: t, beta: 1, y: r)
                            Self.apply(preconditioner, r, into: z, rank: k)
                            var rz = 0.0, rr = 0.0
                            for l in 0..<k {
                                p[l] = z[l]
                                rz += r[l] * z[l]
                                rr += r[l] * r[l]
                            }
                            let stop = tolerance * (relativeToStart ? rr.squareRoot() : bNorm)
                            var iterations = 0
                            while iterations < maxIterations, rr.squareRoot() > stop {
                                BLAS.gemv(.transpose, m: k32, n: c32, alpha: 1, a: a, lda: k32, x: p, beta: 0, y: t)
                                BLAS.gemv(.none, m: k32, n: c32, alpha: 1, a: a, lda: k32, x: t, beta: 0, y: q)
                                var pq = 0.0
                                for l in 0..<k { pq += p[l] * q[l] }
                                guard pq > 0, pq.isFinite else { break }
                                let alpha = rz / pq
                                for l in 0..<k {
                                    x[l] += alpha * p[l]
                                    r[l] -= alpha * q[l]
                                }
                                Self.apply(preconditioner, r, into: z, rank: k)
                                var next = 0.0
                                rr = 0
                                for l in 0..<k {
                                    next += r[l] * z[l]
                                    rr += r[l] * r[l]
                                }
                                let beta = next / rz
                                rz = next
                                for l in 0..<k { p[l] = z[l] + beta * p[l] }
                                iterations += 1
                            }
                            return iterations
                        }
                    }
                }
            }
        }
    }

    /// z = M⁻¹r: the preconditioner's, or z = r.
    private static func apply(_ preconditioner: SketchPreconditioner?, _ r: UnsafePointer<Double>,
                              into z: UnsafeMutablePointer<Double>, rank k: Int) {
        if let preconditioner {
            preconditioner.apply(r, into: z)
        } else {
            for l in 0..<k { z[l] = r[l] }
        }
    }
}
