import Foundation
import NumericsCore

/// Exact ℓp sensitivities σᵢ = sup_{Ax≠0} |(Ax)ᵢ|^p / ‖Ax‖_p^p of every row, by solving
/// 1/σᵢ = min { ‖Qx‖_p^p : qᵢᵀx = 1 } (Q an orthonormal basis of the span of A) for each i.
///
/// Solver: damped Newton on the smoothed penalty (r² + δ²)^{p/2} with δ decreased tenfold per
/// stage for p < 2 (δ = 0 for p ≥ 2), warm-started from the ℓ2 solution x = qᵢ/‖qᵢ‖². Each
/// stage ends with a duality-gap certificate: from the (smoothed) gradient u = φ'(Qx),
/// projected so that Qᵀu = μ qᵢ exactly, the Fenchel dual gives a lower bound D ≤ 1/σᵢ
/// (p = 1: D = μ/max(1, ‖u‖_∞); p > 1: D = tμ/p with the best scaling t). The solve stops
/// when (P − D)/P ≤ `tolerance`, P = ‖Qx‖_p^p; then 1/P ≤ σᵢ ≤ 1/D. The reported σᵢ is 1/P,
/// a certified lower bound within the stated relative tolerance.
public struct ExactSensitivities: Sendable {
    /// σᵢ = 1/P (certified: σᵢ ≤ true σᵢ ≤ σᵢ·P/D).
    public let sensitivities: [Double]
    /// Certified upper bounds 1/D on the true σᵢ.
    public let upperBounds: [Double]
    /// The per-row maximizers xᵢ (whitened coordinates, row-major n×d; qᵢᵀxᵢ = 1).
    public let maximizers: [Double]
    /// Newton steps per row.
    public let iterations: [Int]
    /// Largest relative duality gap (P − D)/P over the rows.
    public let maxGap: Double
    /// Rows whose gap stayed above the tolerance.
    public let unconvergedRows: Int

    /// Solves the n problems on `basis` for exponent p ≥ 1 to relative gap `tolerance`.
    public init(basis: OrthonormalBasis, p: Double, tolerance: Double) {
        let n = basis.rowCount, d = basis.dimension
        var solver = LpNewtonSolver(rows: basis.rows, rowCount: n, dimension: d, p: p)
        var sigma = [Double](repeating: 0, count: n)
        var upper = sigma
        var argmax = [Double](repeating: 0, count: n * d)
        var steps = [Int](repeating: 0, count: n)
        var worst = 0.0
        var unconverged = 0
        var u = [Double](repeating: 0, count: n)
        var x = [Double](repeating: 0, count: d)
        for i in 0..<n {
            let c = basis.row(i)
            let tau = c.reduce(0) { $0 + $1 * $1 }
            guard tau > 0 else { continue }  // a zero row has σᵢ = 0
            for k in 0..<d { x[k] = c[k] / tau }
            solver.updateResiduals(x)
            var delta = 0.0
            if p < 2 {
                let ms = solver.residuals.reduce(0) { $0 + $1 * $1 } / Double(n)
                delta = ms.squareRoot()
            }
            // Every stage's primal is feasible and every stage's dual is valid: keep the best of each.
            var count = 0
            var certificate = Self.certify(basis: basis, solver: &solver, x: &x, c: c, p: p, delta: delta, u: &u)
            var primal = certificate.primal, dual = certificate.dual
            var best = certificate.point
            var stage = 0
            while (primal - dual) / primal > tolerance && stage < 40 {
                count += solver.minimize(&x, constraint: c, delta: delta, maxIterations: 80)
                certificate = Self.certify(basis: basis, solver: &solver, x: &x, c: c, p: p, delta: delta, u: &u)
                if certificate.primal < primal { primal = certificate.primal; best = certificate.point }
                dual = max(dual, certificate.dual)
                stage += 1
                if p < 2 {
                    delta *= 0.1
                } else if stage >= 3 {
                    break
                }
            }
            let gap = max(0, primal - dual) / primal
            sigma[i] = 1 / primal
            upper[i] = dual > 0 ? 1 / dual : .infinity
            for k in 0..<d { argmax[i * d + k] = best[k] }
            steps[i] = count
            worst = max(worst, gap)
            if !(gap <= tolerance) { unconverged += 1 }
        }
        sensitivities = sigma
        upperBounds = upper
        maximizers = argmax
        iterations = steps
        maxGap = worst
        unconvergedRows = unconverged
    }

    /// Primal value P = ‖Qx‖_p^p (after rescaling x so that cᵀx = 1; for p = 1 the better of x
    /// and the vertex next to it, returned as `point`), Fenchel dual lower bound D, and the
    /// relative gap (P − D)/P. The Newton iterate x itself is only rescaled.
    static func certify(basis: OrthonormalBasis, solver: inout LpNewtonSolver, x: inout [Double], c: [Double],
                        p: Double, delta: Double, u: inout [Double]) -> (primal: Double, dual: Double, gap: Double, point: [Double]) {
        let n = basis.rowCount, d = basis.dimension
        var cx = 0.0
        for k in 0..<d { cx += c[k] * x[k] }
        for k in 0..<d { x[k] /= cx }
        solver.updateResiduals(x)
        let r = solver.residuals
        let penalty = LpPenalty(p: p)
        var primal = 0.0
        var point = x
        for j in 0..<n { primal += LpPenalty.power(abs(r[j]), p) }
        if p == 1, let vertex = vertexPrimal(basis: basis, residuals: r, c: c) {
            var candidate = [Double](repeating: 0, count: n)
            basis.apply(vertex, into: &candidate)
            let value = candidate.reduce(0) { $0 + abs($1) }
            if value < primal {
                primal = value
                point = vertex
            }
        }
        for j in 0..<n { u[j] = penalty.derivatives(r[j], delta: delta).0 }
        let smoothed = u
        var dual = dualBound(basis: basis, c: c, p: p, u: &u)
        if p == 1, var vertex = vertexDual(basis: basis, residuals: r, c: c) {
            dual = max(dual, dualBound(basis: basis, c: c, p: p, u: &vertex))
        }
        if p == 1 {
            for width in [10.0, 100, 1000, 10000] {
                if var zeroGroup = degenerateDual(basis: basis, residuals: r, c: c, threshold: width * delta, smoothed: smoothed) {
                    dual = max(dual, dualBound(basis: basis, c: c, p: p, u: &zeroGroup))
                }
            }
        }
        let gap = primal > 0 ? max(0, primal - dual) / primal : .infinity
        return (primal, dual, gap, point)
    }

    /// The Fenchel dual lower bound on min {‖Qx‖_p^p : cᵀx = 1} from a candidate u: u is
    /// first projected so that Qᵀu = μc exactly (u ← u − Q(Qᵀu − μc), μ = cᵀQᵀu/cᵀc), then
    /// p = 1: D = μ/max(1, ‖u‖_∞); p > 1: D = tμ/p with the best scaling t = (μ/(pS))^{p−1},
    /// S = Σ|uⱼ/p|^q, q = p/(p−1) (conjugate of |r|^p is (p−1)|s/p|^q). D = 0 when μ ≤ 0.
    static func dualBound(basis: OrthonormalBasis, c: [Double], p: Double, u: inout [Double]) -> Double {
        let n = basis.rowCount, d = basis.dimension
        var g = [Double](repeating: 0, count: d)
        basis.rows.withUnsafeBufferPointer { q in
            for j in 0..<n { for k in 0..<d { g[k] += q[j * d + k] * u[j] } }
        }
        var cg = 0.0, cc = 0.0
        for k in 0..<d { cg += c[k] * g[k]; cc += c[k] * c[k] }
        let mu = cg / cc
        for k in 0..<d { g[k] -= mu * c[k] }
        basis.rows.withUnsafeBufferPointer { q in
            for j in 0..<n {
                var s = 0.0
                for k in 0..<d { s += q[j * d + k] * g[k] }
                u[j] -= s
            }
        }
        guard mu > 0 else { return 0 }
        if p == 1 {
            var largest = 0.0
            for j in 0..<n { largest = max(largest, abs(u[j])) }
            return mu / max(1, largest)
        }
        let q = p / (p - 1)
        var s = 0.0
        for j in 0..<n { s += pow(abs(u[j]) / p, q) }
        guard s > 0 else { return 0 }
        let t = pow(mu / (p * s), p - 1)
        return t * mu / p
    }

    /// The d − 1 rows of smallest |rⱼ| that, together with c, are linearly independent
    /// (greedy Gram–Schmidt in order of |rⱼ|; a row within 1e-9 of the span so far is
    /// skipped). Nil when fewer than d − 1 such rows exist.
    static func activeSet(basis: OrthonormalBasis, residuals r: [Double], c: [Double]) -> [Int]? {
        let d = basis.dimension
        var span: [[Double]] = []
        func reduce(_ v: [Double]) -> [Double]? {
            var w = v
            let norm0 = v.reduce(0) { $0 + $1 * $1 }.squareRoot()
            for e in span {
                var dot = 0.0
                for k in 0..<d { dot += e[k] * w[k] }
                for k in 0..<d { w[k] -= dot * e[k] }
            }
            let norm = w.reduce(0) { $0 + $1 * $1 }.squareRoot()
            return norm > 1e-9 * norm0 && norm0 > 0 ? w.map { $0 / norm } : nil
        }
        guard let first = reduce(c) else { return nil }
        span.append(first)
        var active: [Int] = []
        for j in r.indices.sorted(by: { abs(r[$0]) < abs(r[$1]) }) {
            if active.count == d - 1 { break }
            if let e = reduce(basis.row(j)) {
                span.append(e)
                active.append(j)
            }
        }
        return active.count == d - 1 ? active : nil
    }

    /// p = 1: the vertex next to the iterate: the point with Q_Z x = 0 on the d − 1 rows Z of
    /// smallest |rⱼ| and cᵀx = 1 (an LP optimum is attained at such a vertex). Nil when singular.
    static func vertexPrimal(basis: OrthonormalBasis, residuals r: [Double], c: [Double]) -> [Double]? {
        let d = basis.dimension
        guard let active = activeSet(basis: basis, residuals: r, c: c) else { return nil }
        var system = Matrix(rows: d, columns: d)
        for (row, j) in active.enumerated() {
            for k in 0..<d { system[row, k] = basis.rows[j * d + k] }
        }
        for k in 0..<d { system[d - 1, k] = c[k] }
        var rhs = Matrix(rows: d, columns: 1)
        rhs[d - 1, 0] = 1
        guard let solution = try? LinearSolve.solve(system, rhs) else { return nil }
        let x = (0..<d).map { solution[$0, 0] }
        return x.allSatisfy(\.isFinite) ? x : nil
    }

    /// p = 1, for degenerate optima where more than d − 1 residuals vanish: the rows with
    /// |rⱼ| > `threshold` (tried at 10δ … 10⁴δ) get uⱼ = sign(rⱼ); the others (Z) keep the smoothed uⱼ plus the
    /// minimum-norm correction Δ (with μ) solving Q_Zᵀ(u_Z + Δ) − μc = −Q_Nᵀ sign(r_N)
    /// (`dgels`, LQ), which spreads the load over all near-zero rows. Nil when Z and c do
    /// not span R^d.
    static func degenerateDual(basis: OrthonormalBasis, residuals r: [Double], c: [Double], threshold: Double,
                               smoothed: [Double]) -> [Double]? {
        let n = basis.rowCount, d = basis.dimension
        let zero = r.indices.filter { abs(r[$0]) <= threshold }
        guard zero.count >= d - 1, zero.count < n else { return nil }
        var u = smoothed
        let isZero = Set(zero)
        var rhs = [Double](repeating: 0, count: d)
        for j in 0..<n {
            if !isZero.contains(j) { u[j] = r[j] > 0 ? 1 : -1 }
            for k in 0..<d { rhs[k] -= basis.rows[j * d + k] * u[j] }
        }
        var system = Matrix(rows: d, columns: zero.count + 1)
        for (col, j) in zero.enumerated() {
            for k in 0..<d { system[k, col] = basis.rows[j * d + k] }
        }
        for k in 0..<d { system[k, zero.count] = -c[k] }
        // Q_Zᵀ Δ − μ c = −Qᵀu (with the current u), so that Qᵀ(u + Δ) = μ c.
        guard let solution = try? LinearSolve.leastSquares(system, Matrix(rows: d, columns: 1, columnMajor: rhs)) else {
            return nil
        }
        for (col, j) in zero.enumerated() { u[j] += solution[col, 0] }
        return u.allSatisfy(\.isFinite) ? u : nil
    }

    /// p = 1: the dual of the vertex the primal iterate sits at. The d − 1 rows with the
    /// smallest |rⱼ| form the active set Z; the others get uⱼ = sign(rⱼ); u_Z and μ solve the
    /// d×d system Q_Zᵀu_Z − μc = −Q_Nᵀ sign(r_N), so that Qᵀu = μc. At the optimal vertex
    /// this is the optimal dual (gap at rounding level), which the smoothed gradient only
    /// approaches as δ → 0. Nil when the system is singular.
    static func vertexDual(basis: OrthonormalBasis, residuals r: [Double], c: [Double]) -> [Double]? {
        let n = basis.rowCount, d = basis.dimension
        guard let active = activeSet(basis: basis, residuals: r, c: c) else { return nil }
        let isActive = Set(active)
        var u = [Double](repeating: 0, count: n)
        var rhs = [Double](repeating: 0, count: d)
        for j in 0..<n where !isActive.contains(j) {
            u[j] = r[j] > 0 ? 1 : (r[j] < 0 ? -1 : 0)
            for k in 0..<d { rhs[k] -= basis.rows[j * d + k] * u[j] }
        }
        var system = Matrix(rows: d, columns: d)
        for (col, j) in active.enumerated() {
            for k in 0..<d { system[k, col] = basis.rows[j * d + k] }
        }
        for k in 0..<d { system[k, d - 1] = -c[k] }
        guard let solution = try? LinearSolve.solve(system, Matrix(rows: d, columns: 1, columnMajor: rhs)) else { return nil }
        for (col, j) in active.enumerated() { u[j] = solution[col, 0] }
        return u
    }
}
