import NumericsCore

/// Damped Newton's method for min_x Σⱼ wⱼ φ_δ(aⱼᵀx − bⱼ), optionally subject to cᵀx = 1,
/// on n rows aⱼ ∈ R^d (the columns of a column-major d×n array), with an Armijo backtracking line search. The objective
/// is convex, so Newton with backtracking converges; the equality constraint is handled by
/// eliminating the multiplier ν from the KKT system [H c; cᵀ 0].
/// Work buffers are allocated once per solver, not per iteration.
struct LpNewtonSolver {
    /// n.
    let rowCount: Int
    /// d.
    let dimension: Int
    /// The rows aⱼ as the columns of a column-major d×n array (aⱼ at j·d).
    let rows: [Double]
    /// wⱼ (nil: all 1).
    let weights: [Double]?
    /// bⱼ (nil: all 0).
    let offsets: [Double]?
    /// The penalty.
    let penalty: LpPenalty

    /// aⱼᵀx − bⱼ at the current x.
    private(set) var residuals: [Double]
    private var step: [Double]
    private var trial: [Double]
    private var hessian: [Double]
    private var gradient: [Double]
    private var v1: [Double]
    private var v2: [Double]
    private var direction: [Double]
    private var cholesky: Cholesky.Small

    /// Creates a solver for the given rows, weights and offsets.
    init(rows: [Double], rowCount: Int, dimension: Int, p: Double, weights: [Double]? = nil, offsets: [Double]? = nil) {
        self.rowCount = rowCount
        self.dimension = dimension
        self.rows = rows
        self.weights = weights
        self.offsets = offsets
        penalty = LpPenalty(p: p)
        residuals = [Double](repeating: 0, count: rowCount)
        step = residuals
        trial = residuals
        hessian = [Double](repeating: 0, count: dimension * dimension)
        gradient = [Double](repeating: 0, count: dimension)
        v1 = gradient
        v2 = gradient
        direction = gradient
        cholesky = Cholesky.Small(size: dimension)
    }

    /// Sets `residuals` to A x − b.
    mutating func updateResiduals(_ x: [Double]) {
        let d = dimension
        rows.withUnsafeBufferPointer { a in
            residuals.withUnsafeMutableBufferPointer { r in
                for j in 0..<rowCount {
                    var s = 0.0
                    for k in 0..<d { s += a[j * d + k] * x[k] }
                    r[j] = s - (offsets?[j] ?? 0)
                }
            }
        }
    }

    /// Σ wⱼ φ_δ(rⱼ) of the given residual buffer.
    func objective(_ r: [Double], delta: Double) -> Double {
        var total = 0.0
        for j in 0..<rowCount { total += (weights?[j] ?? 1) * penalty.value(r[j], delta: delta) }
        return total
    }

    /// Runs at most `maxIterations` Newton steps from `x` (which must satisfy cᵀx = 1 when
    /// `constraint` is given) on the penalty with smoothing δ. Stops when the Newton
    /// decrement −gᵀΔx falls below 1e-14 of the objective or the line search stalls.
    /// Returns the number of steps taken.
    mutating func minimize(_ x: inout [Double], constraint c: [Double]?, delta: Double, maxIterations: Int) -> Int {
        let d = dimension
        updateResiduals(x)
        var value = objective(residuals, delta: delta)
        var taken = 0
        while taken < maxIterations {
            for k in 0..<(d * d) { hessian[k] = 0 }
            for k in 0..<d { gradient[k] = 0 }
            rows.withUnsafeBufferPointer { a in
                hessian.withUnsafeMutableBufferPointer { h in
                    gradient.withUnsafeMutableBufferPointer { g in
                        for j in 0..<rowCount {
                            let w = weights?[j] ?? 1
                            let (first, second) = penalty.derivatives(residuals[j], delta: delta)
                            let base = j * d
                            for k in 0..<d {
                                let ak = a[base + k]
                                g[k] += w * first * ak
                                let hk = w * second * ak
                                if hk != 0 { for l in 0...k { h[k * d + l] += hk * a[base + l] } }
                            }
                        }
                    }
                }
            }
            var trace = 0.0
            for k in 0..<d {
                for l in 0..<k { hessian[l * d + k] = hessian[k * d + l] }
                trace += hessian[k * d + k]
            }
            var ridge = 1e-13 * max(trace, 1e-300) / Double(d)
            var factored = false
            for _ in 0..<6 {
                for k in 0..<d { hessian[k * d + k] += ridge }
                if cholesky.factorize(hessian) { factored = true; break }
                ridge *= 100
            }
            guard factored else { break }
            for k in 0..<d { v1[k] = gradient[k] }
            cholesky.solve(&v1)
            if let c {
                for k in 0..<d { v2[k] = c[k] }
                cholesky.solve(&v2)
                var cv1 = 0.0, cv2 = 0.0
                for k in 0..<d { cv1 += c[k] * v1[k]; cv2 += c[k] * v2[k] }
                let nu = -cv1 / cv2
                for k in 0..<d { direction[k] = -v1[k] - nu * v2[k] }
            } else {
                for k in 0..<d { direction[k] = -v1[k] }
            }
            var slope = 0.0
            for k in 0..<d { slope += gradient[k] * direction[k] }
            guard slope < 0, -slope > 1e-14 * value else { break }
            rows.withUnsafeBufferPointer { a in
                for j in 0..<rowCount {
                    var s = 0.0
                    for k in 0..<d { s += a[j * d + k] * direction[k] }
                    step[j] = s
                }
            }
            var t = 1.0
            var accepted = false
            for _ in 0..<60 {
                for j in 0..<rowCount { trial[j] = residuals[j] + t * step[j] }
                let candidate = objective(trial, delta: delta)
                if candidate <= value + 1e-4 * t * slope {
                    value = candidate
                    accepted = true
                    break
                }
                t *= 0.5
            }
            taken += 1
            guard accepted else { break }
            for k in 0..<d { x[k] += t * direction[k] }
            swap(&residuals, &trial)
        }
        return taken
    }
}
