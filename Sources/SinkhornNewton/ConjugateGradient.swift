import NumericsCore

/// A symmetric positive semidefinite linear operator on R^{n+n'}.
protocol SymmetricOperator {
    /// out = A·w.
    func apply(_ w: [Double], into out: inout [Double])
}

extension SparsifiedHessian: SymmetricOperator {}

/// Conjugate gradient for A s = b on the complement of the null direction (1_n, −1_{n'}) of the
/// Hessian of the Lyapunov potential (Tang et al., ICLR 2024, Section 4): b and every product
/// are projected by Π w = w − (e·w)e, e = (1_n, −1_{n'})/√(n + n'), so the iterates stay
/// orthogonal to e. Optionally preconditioned by a diagonal D⁻¹ (Jacobi): the preconditioned
/// residual is z = Π D⁻¹ r, the direction p = z + β p with β = rᵀz / (r₋ᵀz₋). Stops when
/// ‖b − A s‖₂ ≤ tolerance·‖b‖₂ or after `maxIterations`. The work vectors are allocated at
/// creation.
struct ConjugateGradient {
    /// n: the first n coordinates carry +1 in the null direction, the others −1.
    let sourceCount: Int
    /// n + n'.
    let dimension: Int
    /// r = b − A s.
    private var residual: [Double]
    /// The search direction p.
    private var direction: [Double]
    /// A p (or A s for a warm start).
    private var product: [Double]
    /// z = Π D⁻¹ r, the preconditioned residual (r itself without a preconditioner).
    private var preconditioned: [Double]

    /// Allocates the work vectors for R^{n+n'}.
    init(sourceCount n: Int, targetCount m: Int) {
        sourceCount = n
        dimension = n + m
        residual = [Double](repeating: 0, count: n + m)
        direction = residual
        product = residual
        preconditioned = residual
    }

    /// w ← Π w, the component of w orthogonal to (1_n, −1_{n'}).
    func project(_ w: inout [Double]) {
        var along = 0.0
        for k in 0..<sourceCount { along += w[k] }
        for k in sourceCount..<dimension { along -= w[k] }
        let shift = along / Double(dimension)
        for k in 0..<sourceCount { w[k] -= shift }
        for k in sourceCount..<dimension { w[k] += shift }
    }

    /// Solves A s = b (b projected) into `solution`. A cold start begins at s = 0; a warm start
    /// begins at β·s for the given s with β = (sᵀb)/(sᵀA s), the minimizer of the quadratic
    /// model ½sᵀA s − bᵀs along s (never worse than a cold start in that model). With
    /// `inverseDiagonal` (n + n' numbers), preconditioned by that diagonal. Returns the number of
    /// iterations.
    mutating func solve<A: SymmetricOperator>(_ a: A, rhs b: [Double], solution s: inout [Double], warmStart: Bool,
                                              tolerance: Double, maxIterations: Int,
                                              inverseDiagonal: [Double]? = nil) -> Int {
        let goal = tolerance * BLAS.nrm2(b)
        var scale = 0.0
        if warmStart {
            project(&s)
            a.apply(s, into: &product)
            project(&product)
            let curvature = BLAS.dot(s, product)
            if curvature > 0 { scale = BLAS.dot(s, b) / curvature }
            if !(scale.isFinite && scale > 0) { scale = 0 }
        }
        if scale > 0 {
            for k in 0..<dimension {
                s[k] *= scale
                residual[k] = b[k] - scale * product[k]
            }
        } else {
            for k in 0..<dimension {
                s[k] = 0
                residual[k] = b[k]
            }
        }
        var rr = BLAS.dot(residual, residual)
        if rr.squareRoot() <= goal { return 0 }
        var rz = applyPreconditioner(inverseDiagonal, rr: rr)
        for k in 0..<dimension { direction[k] = preconditioned[k] }
        var iterations = 0
        while iterations < maxIterations {
            iterations += 1
            a.apply(direction, into: &product)
            project(&product)
            let curvature = BLAS.dot(direction, product)
            guard curvature > 0 else { break }
            let alpha = rz / curvature
            BLAS.axpy(alpha: alpha, direction, &s)
            BLAS.axpy(alpha: -alpha, product, &residual)
            rr = BLAS.dot(residual, residual)
            if rr.squareRoot() <= goal { break }
            let next = applyPreconditioner(inverseDiagonal, rr: rr)
            let beta = next / rz
            rz = next
            for k in 0..<dimension { direction[k] = preconditioned[k] + beta * direction[k] }
        }
        return iterations
    }

    /// z = Π D⁻¹ r, or z = r without a diagonal; returns rᵀz (`rr` = rᵀr when z = r).
    private mutating func applyPreconditioner(_ inverseDiagonal: [Double]?, rr: Double) -> Double {
        guard let d = inverseDiagonal else {
            for k in 0..<dimension { preconditioned[k] = residual[k] }
            return rr
        }
        for k in 0..<dimension { preconditioned[k] = d[k] * residual[k] }
        project(&preconditioned)
        return BLAS.dot(residual, preconditioned)
    }
}
