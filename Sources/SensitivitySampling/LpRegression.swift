/// ℓp regression min_x Σⱼ wⱼ |aⱼᵀx − bⱼ|^p by damped Newton, with the smoothing homotopy
/// δ ← δ/10 from the residual scale down to 1e-7 of it for p < 2 (δ = 0 for p ≥ 2).
/// Used for the secondary metric: cost of the sample's solution on the full problem divided
/// by the full optimum.
enum LpRegression {
    /// The minimizer (d entries) for rows aⱼ (the columns of a column-major d×n array), weights and targets b.
    static func solve(rows: [Double], rowCount: Int, dimension: Int, p: Double,
                      weights: [Double]?, targets: [Double]) -> [Double] {
        var solver = LpNewtonSolver(rows: rows, rowCount: rowCount, dimension: dimension, p: p,
                                    weights: weights, offsets: targets)
        var x = [Double](repeating: 0, count: dimension)
        // ℓ2 start: one Newton step of the p = 2 problem is its exact solution.
        var l2 = LpNewtonSolver(rows: rows, rowCount: rowCount, dimension: dimension, p: 2,
                                weights: weights, offsets: targets)
        _ = l2.minimize(&x, constraint: nil, delta: 0, maxIterations: 2)
        if p == 2 { return x }
        if p >= 2 {
            _ = solver.minimize(&x, constraint: nil, delta: 0, maxIterations: 100)
            return x
        }
        solver.updateResiduals(x)
        let scale = (solver.residuals.reduce(0) { $0 + $1 * $1 } / Double(max(rowCount, 1))).squareRoot()
        var delta = scale
        while delta > 1e-7 * scale {
            _ = solver.minimize(&x, constraint: nil, delta: delta, maxIterations: 50)
            delta *= 0.1
        }
        return x
    }

    /// Σⱼ |aⱼᵀx − bⱼ|^p over all rows.
    static func cost(rows: [Double], rowCount: Int, dimension: Int, p: Double, targets: [Double], x: [Double]) -> Double {
        var total = 0.0
        for j in 0..<rowCount {
            var s = -targets[j]
            for k in 0..<dimension { s += rows[j * dimension + k] * x[k] }
            total += LpPenalty.power(abs(s), p)
        }
        return total
    }
}
