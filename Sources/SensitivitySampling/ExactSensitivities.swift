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
    /// The per-row maximizers xᵢ (whitened coordinates, the columns of a column-major d×n array; qᵢᵀxᵢ = 1).
    public let maximizers: [Double]
    /// Newton steps per row.
    public let iterations: [Int]
    /// Largest relative duality gap (P − D)/P over the rows.
    public let maxGap: Double
    /// Rows whose gap stayed above the tolerance.
    public let unconvergedRows: Int

    /// One call of the whole computation on a matrix A (n×d, n ≥ d, full column rank): its
    /// orthonormal basis (Householder QR), then the n row problems to relative gap `tolerance`
    /// (the spec default 1e-8). The benchmark harness times this call.
    public static func compute(matrix: Matrix, p: Double, tolerance: Double = 1e-8) throws(SensitivityError) -> ExactSensitivities {
        ExactSensitivities(basis: try OrthonormalBasis(matrix), p: p, tolerance: tolerance)
    }

    /// Solves the n problems on `basis` for exponent p ≥ 1 to relative gap `tolerance`.
    public init(basis: OrthonormalBasis, p: Double, tolerance: Double) {
        let n = basis.rowCount, d = basis.dimension
        var solver = LpNewtonSolver(rows: basis.rows, rowCount: n, dimension: d, p: p)
        var work = CertificateWork(basis: basis)
        var sigma = [Double](repeating: 0, count: n)
        var upper = sigma
        var argmax = [Double](repeating: 0, count: n * d)
        var steps = [Int](repeating: 0, count: n)
        var worst = 0.0
        var unconverged = 0
        var c = [Double](repeating: 0, count: d)
        var x = c
        var best = c
        for i in 0..<n {
            for k in 0..<d { c[k] = basis.rows[i * d + k] }
            var tau = 0.0
            for k in 0..<d { tau += c[k] * c[k] }
            guard tau > 0 else { continue }  // a zero row has σᵢ = 0
            for k in 0..<d { x[k] = c[k] / tau }
            solver.updateResiduals(x)
            var delta = 0.0
            if p < 2 {
                var ms = 0.0
                for r in solver.residuals { ms += r * r }
                delta = (ms / Double(n)).squareRoot()
            }
            // Every stage's primal is feasible and every stage's dual is valid: keep the best of each.
            var count = 0
            var certificate = Self.certify(basis: basis, solver: &solver, x: &x, c: c, p: p, delta: delta, work: &work)
            var primal = certificate.primal, dual = certificate.dual
            for k in 0..<d { best[k] = work.point[k] }
            var stage = 0
            while (primal - dual) / primal > tolerance && stage < 40 {
                count += solver.minimize(&x, constraint: c, delta: delta, maxIterations: 80)
                certificate = Self.certify(basis: basis, solver: &solver, x: &x, c: c, p: p, delta: delta, work: &work)
                if certificate.primal < primal {
                    primal = certificate.primal
                    for k in 0..<d { best[k] = work.point[k] }
                }
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

    /// The buffers of `certify` and `dualBound`, allocated once per `init`, not per row.
    struct CertificateWork {
        /// Q as the columns of a d×n matrix (Qᵀ).
        let rowsAsColumns: Matrix
        /// The dual candidate u (n).
        var u: [Double]
        /// p = 1: the smoothed gradient φ'(Qx) (n).
        var smoothed: [Double]
        /// p = 1: Q times a vertex (n).
        var candidate: [Double]
        /// Qᵀu (d).
        var projection: [Double]
        /// The point whose primal value `certify` returned (d; cᵀpoint = 1).
        var point: [Double]

        init(basis: OrthonormalBasis) {
            rowsAsColumns = Matrix(rows: basis.dimension, columns: basis.rowCount, columnMajor: basis.rows)
            u = [Double](repeating: 0, count: basis.rowCount)
            smoothed = u
            candidate = u
            projection = [Double](repeating: 0, count: basis.dimension)
            point = projection
        }
    }

    /// Primal value P = ‖Qx‖_p^p (after rescaling x so that cᵀx = 1; for p = 1 the better of x
    /// and the vertex next to it, written to `work.point`), Fenchel dual lower bound D, and the
    /// relative gap (P − D)/P. The Newton iterate x itself is only rescaled.
    static func certify(basis: OrthonormalBasis, solver: inout LpNewtonSolver, x: inout [Double], c: [Double],
                        p: Double, delta: Double, work: inout CertificateWork) -> (primal: Double, dual: Double, gap: Double) {
        let n = basis.rowCount, d = basis.dimension
        var cx = 0.0
        for k in 0..<d { cx += c[k] * x[k] }
        for k in 0..<d { x[k] /= cx }
        solver.updateResiduals(x)
        let r = solver.residuals
        let penalty = LpPenalty(p: p)
        var primal = 0.0
        for k in 0..<d { work.point[k] = x[k] }
        for j in 0..<n { primal += LpPenalty.power(abs(r[j]), p) }
        // p = 1: the d − 1 rows of smallest |rⱼ| independent of c, shared by both vertex certificates.
        let active = p == 1 ? activeSet(basis: basis, residuals: r, c: c) : nil
        if let active, let vertex = vertexPrimal(basis: basis, active: active, c: c) {
            basis.apply(vertex, into: &work.candidate)
            var value = 0.0
            for v in work.candidate { value += abs(v) }
            if value < primal {
                primal = value
                for k in 0..<d { work.point[k] = vertex[k] }
            }
        }
        for j in 0..<n { work.u[j] = penalty.derivatives(r[j], delta: delta).0 }
        if p == 1 { for j in 0..<n { work.smoothed[j] = work.u[j] } }
        var dual = dualBound(rowsAsColumns: work.rowsAsColumns, c: c, p: p, u: &work.u, projection: &work.projection)
        if let active, var vertex = vertexDual(basis: basis, residuals: r, active: active, c: c) {
            dual = max(dual, dualBound(rowsAsColumns: work.rowsAsColumns, c: c, p: p, u: &vertex,
                                            projection: &work.projection))
        }
        if p == 1 {
            for width in [10.0, 100, 1000, 10000] {
                if var zeroGroup = degenerateDual(basis: basis, residuals: r, c: c, threshold: width * delta,
                                                  smoothed: work.smoothed) {
                    dual = max(dual, dualBound(rowsAsColumns: work.rowsAsColumns, c: c, p: p, u: &zeroGroup,
                                                    projection: &work.projection))
                }
            }
        }
        let gap = primal > 0 ? max(0, primal - dual) / primal : .infinity
        return (primal, dual, gap)
    }

    /// The Fenchel dual lower bound on min {‖Qx‖_p^p : cᵀx = 1} from a candidate u: u is
    /// first projected so that Qᵀu = μc exactly (u ← u − Q(Qᵀu − μc), μ = cᵀQᵀu/cᵀc), then
    /// p = 1: D = μ/max(1, ‖u‖_∞); p > 1: D = tμ/p with the best scaling t = (μ/(pS))^{p−1},
    /// S = Σ|uⱼ/p|^q, q = p/(p−1) (conjugate of |r|^p is (p−1)|s/p|^q). D = 0 when μ ≤ 0.
    /// `rowsAsColumns` is Qᵀ (d×n); `projection` (d entries) is scratch for Qᵀu.
    static func dualBound(rowsAsColumns: Matrix, c: [Double], p: Double, u: inout [Double],
                          projection g: inout [Double]) -> Double {
        let n = u.count, d = c.count
        do { try BLAS.gemv(rowsAsColumns, u, into: &g) } catch { return 0 }
        var cg = 0.0, cc = 0.0
        for k in 0..<d { cg += c[k] * g[k]; cc += c[k] * c[k] }
        let mu = cg / cc
        for k in 0..<d { g[k] -= mu * c[k] }
        do { try BLAS.gemv(.transpose, alpha: -1, rowsAsColumns, g, beta: 1, into: &u) } catch { return 0 }
        guard mu > 0 else { return 0 }
        if p == 1 {
            var largest = 0.0
            for j in 0..<n { largest = max(largest, abs(u[j])) }
            return mu / max(1, largest)
        }
        let q = p / (p - 1)
        var s = 0.0
        for j in 0..<n { s += LpPenalty.power(abs(u[j]) / p, q) }
        guard s > 0 else { return 0 }
        let t = pow(mu / (p * s), p - 1)
        return t * mu / p
    }

    /// The d − 1 rows of smallest |rⱼ| that, together with c, are linearly independent
    /// (greedy Gram–Schmidt in order of (|rⱼ|, j); a row within 1e-9 of the span so far is
    /// skipped). Nil when fewer than d − 1 such rows exist. The order is taken over the 4d rows
    /// of smallest |rⱼ| first, and over all rows only when those do not suffice.
    static func activeSet(basis: OrthonormalBasis, residuals r: [Double], c: [Double]) -> [Int]? {
        let prefix = min(r.count, 4 * basis.dimension)
        if let active = greedyActiveSet(basis: basis, order: smallestResiduals(r, count: prefix), c: c) { return active }
        guard prefix < r.count else { return nil }
        let order = r.indices.sorted { (abs(r[$0]), $0) < (abs(r[$1]), $1) }
        return greedyActiveSet(basis: basis, order: order, c: c)
    }

    /// The indices of the `count` smallest |rⱼ|, in increasing order of (|rⱼ|, j).
    static func smallestResiduals(_ r: [Double], count: Int) -> [Int] {
        var kept: [Int] = []
        kept.reserveCapacity(count + 1)
        for j in r.indices {
            let key = abs(r[j])
            if kept.count == count {
                guard let last = kept.last, key < abs(r[last]) else { continue }
                kept.removeLast()
            }
            var position = kept.count
            while position > 0 && abs(r[kept[position - 1]]) > key { position -= 1 }
            kept.insert(j, at: position)
        }
        return kept
    }

    /// The greedy Gram–Schmidt of `activeSet` over the rows in `order`.
    static func greedyActiveSet(basis: OrthonormalBasis, order: [Int], c: [Double]) -> [Int]? {
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
        for j in order {
            if active.count == d - 1 { break }
            if let e = reduce(basis.row(j)) {
                span.append(e)
                active.append(j)
            }
        }
        return active.count == d - 1 ? active : nil
    }

    /// p = 1: the vertex next to the iterate: the point with Q_Z x = 0 on the d − 1 rows Z of
    /// smallest |rⱼ| (`activeSet`) and cᵀx = 1 (an LP optimum is attained at such a vertex). Nil when singular.
    static func vertexPrimal(basis: OrthonormalBasis, active: [Int], c: [Double]) -> [Double]? {
        let d = basis.dimension
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
        var rhs = [Double](repeating: 0, count: d)
        for j in 0..<n {
            if abs(r[j]) > threshold { u[j] = r[j] > 0 ? 1 : -1 }
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
    static func vertexDual(basis: OrthonormalBasis, residuals r: [Double], active: [Int], c: [Double]) -> [Double]? {
        let n = basis.rowCount, d = basis.dimension
        var u = [Double](repeating: 0, count: n)
        var rhs = [Double](repeating: 0, count: d)
        for j in 0..<n where !active.contains(j) {
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
