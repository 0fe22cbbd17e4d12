import NumericsCore

/// Damped Newton's method for min_x Σⱼ wⱼ φ_δ(aⱼᵀx − bⱼ), optionally subject to cᵀx = 1,
/// on n rows aⱼ ∈ R^d (row-major), with an Armijo backtracking line search. The objective
/// is convex, so Newton with backtracking converges; the equality constraint is handled by
/// eliminating the multiplier ν from the KKT system [H c; cᵀ 0].
/// A step is BLAS/LAPACK calls on work buffers allocated once per solver: the Hessian
/// AᵀDA = BᵀB with the rows of B the rows aⱼ scaled by √(wⱼφ''(rⱼ)) (`syrk`), the gradient
/// and the residual change by `gemv`, the KKT solves by `potrf`/`potrs`.
struct LpNewtonSolver {
    /// n.
    let rowCount: Int
    /// d.
    let dimension: Int
    /// The rows aⱼ as the columns of a d×n matrix (the row-major n×d storage read column-major).
    let rowsAsColumns: Matrix
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
    private var firstDerivatives: [Double]
    private var scaledRows: Matrix
    private var hessian: Matrix
    private var factor: Matrix
    private var gradient: [Double]
    private var v1: [Double]
    private var v2: [Double]
    private var direction: [Double]

    /// Creates a solver for the given rows, weights and offsets.
    init(rows: [Double], rowCount: Int, dimension: Int, p: Double, weights: [Double]? = nil, offsets: [Double]? = nil) {
        self.rowCount = rowCount
        self.dimension = dimension
        rowsAsColumns = Matrix(rows: dimension, columns: rowCount, columnMajor: rows)
        self.weights = weights
        self.offsets = offsets
        penalty = LpPenalty(p: p)
        residuals = [Double](repeating: 0, count: rowCount)
        step = residuals
        trial = residuals
        firstDerivatives = residuals
        scaledRows = Matrix(rows: dimension, columns: rowCount)
        hessian = Matrix(rows: dimension, columns: dimension)
        factor = hessian
        gradient = [Double](repeating: 0, count: dimension)
        v1 = gradient
        v2 = gradient
        direction = gradient
    }

    /// Sets `residuals` to A x − b.
    mutating func updateResiduals(_ x: [Double]) {
        do { try BLAS.gemv(.transpose, rowsAsColumns, x, into: &residuals) } catch { return }
        if let offsets { for j in 0..<rowCount { residuals[j] -= offsets[j] } }
    }

    /// Σ wⱼ φ_δ(rⱼ) of the given residual buffer.
    func objective(_ r: [Double], delta: Double) -> Double {
        var total = 0.0
        if let weights {
            for j in 0..<rowCount { total += weights[j] * penalty.value(r[j], delta: delta) }
        } else {
            for j in 0..<rowCount { total += penalty.value(r[j], delta: delta) }
        }
        return total
    }

    /// Runs at most `maxIterations` Newton steps from `x` (which must satisfy cᵀx = 1 when
    /// `constraint` is given) on the penalty with smoothing δ. Stops when the Newton
    /// decrement −gᵀΔx falls below 1e-14 of the objective or the line search stalls.
    /// Returns the number of steps taken.
    mutating func minimize(_ x: inout [Double], constraint c: [Double]?, delta: Double, maxIterations: Int) -> Int {
        let d = dimension, n = rowCount
        updateResiduals(x)
        var value = objective(residuals, delta: delta)
        var taken = 0
        while taken < maxIterations {
            let penalty = penalty, weights = weights
            residuals.withUnsafeBufferPointer { r in
                firstDerivatives.withUnsafeMutableBufferPointer { f in
                    rowsAsColumns.elements.withUnsafeBufferPointer { a in
                        scaledRows.elements.withUnsafeMutableBufferPointer { b in
                            for j in 0..<n {
                                let w = weights?[j] ?? 1
                                let (first, second) = penalty.derivatives(r[j], delta: delta)
                                f[j] = w * first
                                let s = (w * second).squareRoot()
                                for k in (j * d)..<((j + 1) * d) { b[k] = s * a[k] }
                            }
                        }
                    }
                }
            }
            do {
                try BLAS.syrk(.upper, .none, scaledRows, into: &hessian)
                try BLAS.gemv(rowsAsColumns, firstDerivatives, into: &gradient)
            } catch { break }
            var trace = 0.0
            for k in 0..<d { trace += hessian[k, k] }
            var ridge = 1e-13 * max(trace, 1e-300) / Double(d)
            var factored = false
            for _ in 0..<6 {
                for k in 0..<d { hessian[k, k] += ridge }
                factor.elements.withUnsafeMutableBufferPointer { u in
                    hessian.elements.withUnsafeBufferPointer { h in
                        for k in 0..<(d * d) { u[k] = h[k] }
                    }
                }
                if (try? Cholesky.factorInPlace(&factor)) != nil { factored = true; break }
                ridge *= 100
            }
            guard factored else { break }
            for k in 0..<d { v1[k] = gradient[k] }
            do { try Cholesky.solveInPlace(factor: factor, &v1) } catch { break }
            if let c {
                for k in 0..<d { v2[k] = c[k] }
                do { try Cholesky.solveInPlace(factor: factor, &v2) } catch { break }
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
            do { try BLAS.gemv(.transpose, rowsAsColumns, direction, into: &step) } catch { break }
            var t = 1.0
            var accepted = false
            for _ in 0..<60 {
                for j in 0..<n { trial[j] = residuals[j] + t * step[j] }
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
