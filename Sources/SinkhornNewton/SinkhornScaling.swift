import CTransportKernels
import Foundation
import NumericsCore

/// Sinkhorn's algorithm as exact alternating maximization of the Lyapunov potential f (Tang et
/// al., ICLR 2024, Section 3): the row step x ← argmaxₓ f(x, y) makes P1 = r, the column step
/// y ← argmax_y f(x, y) makes Pᵀ1 = c.
///
/// The stabilized scaling form keeps x = a + log(u)/η, y = b + log(v)/η and
/// P = diag(u)·K·diag(v) with the kernel Kᵢⱼ = exp(η(−Cᵢⱼ + aᵢ + bⱼ) − 1), so a row step is
/// u = r ⊘ (K v) and a column step is v = c ⊘ (Kᵀu). One pass over K per iteration
/// (`repro_sinkhorn_pass`): column by column, (Kᵀu)ⱼ, then vⱼ, then vⱼ·K₍:ⱼ₎ added to the next row
/// step's K v while the column is in cache; no allocation. When a scaling leaves [`absorptionBound`⁻¹, `absorptionBound`]
/// it is absorbed into the potentials (a ← x, b ← y, u = v = 1, K recomputed). When K v or Kᵀu
/// has an entry below `productFloor`, where entries of K may have underflowed, that step is
/// taken in the log domain instead: the row (or column) log-sum-exp over C and the potentials.
/// Neither changes the iterates beyond rounding; both keep every quantity finite at any η.
struct SinkhornScaling {
    /// Scalings beyond this factor (or below its inverse) are absorbed into the potentials
    /// (chosen by us: far from overflow, rare enough to cost little).
    static let absorptionBound = 1e50
    /// A product entry below this takes the log-domain step (chosen by us: with scalings within
    /// `absorptionBound`, the terms that make up such an entry are normal numbers).
    static let productFloor = 1e-100

    /// The problem.
    let problem: TransportProblem
    /// η, the inverse regularization.
    let eta: Double
    /// K, n × n'.
    private(set) var kernel: Matrix
    /// a, the source potential absorbed into K.
    private(set) var a: [Double]
    /// b, the target potential absorbed into K.
    private(set) var b: [Double]
    /// u, the row scaling.
    private(set) var u: [Double]
    /// v, the column scaling.
    private(set) var v: [Double]
    /// K v after the last step (the plan's row sums are u ⊙ K v).
    private(set) var kernelTimesV: [Double]
    /// Kᵀu after the last column step.
    private(set) var kernelTransposeTimesU: [Double]
    /// Row maxima of the log-domain row step.
    private var rowMaxima: [Double]
    /// Kernel recomputations so far (absorptions and log-domain steps).
    private(set) var absorptions = 0

    /// Allocates the state for `problem` at the potentials x = y = 0; `start()` forms K.
    init(problem: TransportProblem, eta: Double) {
        self.problem = problem
        self.eta = eta
        let n = problem.sourceCount, m = problem.targetCount
        kernel = Matrix(rows: n, columns: m)
        a = [Double](repeating: 0, count: n)
        b = [Double](repeating: 0, count: m)
        u = [Double](repeating: 1, count: n)
        v = [Double](repeating: 1, count: m)
        kernelTimesV = [Double](repeating: 0, count: n)
        kernelTransposeTimesU = [Double](repeating: 0, count: m)
        rowMaxima = [Double](repeating: 0, count: n)
    }

    /// Forms K at x = y = 0 and returns the marginal error ‖P1 − r‖₁ + ‖Pᵀ1 − c‖₁ there.
    mutating func start() throws(LinearAlgebraError) -> Double {
        recomputeKernel()
        try BLAS.gemv(.transpose, kernel, u, into: &kernelTransposeTimesU)
        try BLAS.gemv(kernel, v, into: &kernelTimesV)
        return rowError() + columnError()
    }

    /// One Sinkhorn iteration (row step, then column step); returns the marginal error
    /// ‖P1 − r‖₁ + ‖Pᵀ1 − c‖₁ after it (the column part is zero up to rounding).
    mutating func iterate() throws(LinearAlgebraError) -> Double {
        // Row step: uᵢ = rᵢ / (K v)ᵢ, so that (P1)ᵢ = rᵢ.
        if Self.isSafe(kernelTimesV) {
            for i in u.indices { u[i] = problem.source[i] / kernelTimesV[i] }
        } else {
            absorbScalings()
            rowLogSumExp()
        }
        // Column step vⱼ = cⱼ / (Kᵀu)ⱼ, so that (Pᵀ1)ⱼ = cⱼ, and K v for the next row step.
        try fusedPass()
        var productStale = false
        if !Self.isSafe(kernelTransposeTimesU) {
            absorbScalings()
            columnLogSumExp()
            productStale = true
        }
        let columns = columnError()
        if scalingsOutOfBounds() {
            absorbScalings()
            recomputeKernel()
            productStale = true
        }
        if productStale { try BLAS.gemv(kernel, v, into: &kernelTimesV) }
        return rowError() + columns
    }

    /// Kᵀu, v = c ⊘ Kᵀu and K v in one pass over K.
    private mutating func fusedPass() throws(LinearAlgebraError) {
        let n = try LAPACKSupport.int32(problem.sourceCount, routine: "Sinkhorn pass")
        let m = try LAPACKSupport.int32(problem.targetCount, routine: "Sinkhorn pass")
        kernel.elements.withUnsafeBufferPointer { k in
            problem.target.withUnsafeBufferPointer { c in
                v.withUnsafeMutableBufferPointer { v in
                    kernelTransposeTimesU.withUnsafeMutableBufferPointer { t in
                        kernelTimesV.withUnsafeMutableBufferPointer { w in
                            guard let k = k.baseAddress, let c = c.baseAddress, let v = v.baseAddress,
                                  let t = t.baseAddress, let w = w.baseAddress else { return }
                            repro_sinkhorn_pass(n, m, k, max(1, n), u, c, v, t, w)
                        }
                    }
                }
            }
        }
    }

    /// x = a + log(u)/η and y = b + log(v)/η.
    func potentials() -> (x: [Double], y: [Double]) {
        (zip(a, u).map { $0 + log($1) / eta }, zip(b, v).map { $0 + log($1) / eta })
    }

    /// Σᵢⱼ Pᵢⱼ = Σᵢ uᵢ(K v)ᵢ.
    var planTotal: Double {
        var total = 0.0
        for i in u.indices { total += u[i] * kernelTimesV[i] }
        return total
    }

    /// f(x, y) at the current potentials (`LyapunovPotential`), without forming x and y.
    var potential: Double {
        var linear = 0.0
        for i in a.indices { linear += problem.source[i] * (a[i] + log(u[i]) / eta) }
        for j in b.indices { linear += problem.target[j] * (b[j] + log(v[j]) / eta) }
        return -planTotal / eta + linear
    }

    /// ⟨C, P⟩ = Σⱼ vⱼ Σᵢ Cᵢⱼ Kᵢⱼ uᵢ, one pass over C and K.
    var transportCost: Double {
        let n = problem.sourceCount
        return problem.cost.elements.withUnsafeBufferPointer { cost in
            kernel.elements.withUnsafeBufferPointer { k in
                var total = 0.0
                for j in 0..<problem.targetCount {
                    var column = 0.0
                    for i in 0..<n { column += cost[i + j * n] * k[i + j * n] * u[i] }
                    total += v[j] * column
                }
                return total
            }
        }
    }

    /// Moves the plan P = diag(u)·K·diag(v) out (K's storage, scaled in place); the state is
    /// left without a kernel.
    mutating func takePlan() -> [Double] {
        let n = problem.sourceCount
        var plan = kernel.elements
        kernel = Matrix(rows: 0, columns: 0)
        plan.withUnsafeMutableBufferPointer { p in
            for j in 0..<problem.targetCount {
                for i in 0..<n { p[i + j * n] *= u[i] * v[j] }
            }
        }
        return plan
    }

    /// ‖u ⊙ K v − r‖₁.
    private func rowError() -> Double {
        var error = 0.0
        for i in u.indices { error += abs(u[i] * kernelTimesV[i] - problem.source[i]) }
        return error
    }

    /// ‖v ⊙ Kᵀu − c‖₁.
    private func columnError() -> Double {
        var error = 0.0
        for j in v.indices { error += abs(v[j] * kernelTransposeTimesU[j] - problem.target[j]) }
        return error
    }

    /// True when every entry is finite and at least `productFloor`.
    private static func isSafe(_ w: [Double]) -> Bool {
        for value in w where !(value >= productFloor && value.isFinite) { return false }
        return true
    }

    /// True when a scaling has left [1/`absorptionBound`, `absorptionBound`].
    private func scalingsOutOfBounds() -> Bool {
        let low = 1 / Self.absorptionBound, high = Self.absorptionBound
        for s in u where !(s >= low && s <= high) { return true }
        for s in v where !(s >= low && s <= high) { return true }
        return false
    }

    /// a ← a + log(u)/η, b ← b + log(v)/η, u = v = 1 (the potentials are unchanged; K is stale
    /// until recomputed).
    private mutating func absorbScalings() {
        for i in a.indices {
            a[i] += log(u[i]) / eta
            u[i] = 1
        }
        for j in b.indices {
            b[j] += log(v[j]) / eta
            v[j] = 1
        }
    }

    /// Kᵢⱼ = exp(η(−Cᵢⱼ + aᵢ + bⱼ) − 1): the plan of the potentials (a, b).
    private mutating func recomputeKernel() {
        absorptions += 1
        LyapunovPotential.plan(problem, eta: eta, x: a, y: b, into: &kernel.elements)
    }

    /// The row step in the log domain, from v = 1: with mᵢ = maxⱼ η(bⱼ − Cᵢⱼ), sets
    /// aᵢ = (1 − mᵢ)/η, so that Kᵢⱼ = exp(η(bⱼ − Cᵢⱼ) − mᵢ) ≤ 1 with a largest entry 1 in
    /// every row, and uᵢ = rᵢ / Σⱼ Kᵢⱼ: xᵢ = aᵢ + log(uᵢ)/η is the exact maximizer.
    private mutating func rowLogSumExp() {
        absorptions += 1
        let n = problem.sourceCount, eta = eta
        for i in 0..<n {
            rowMaxima[i] = -.infinity
            kernelTimesV[i] = 0
        }
        problem.cost.elements.withUnsafeBufferPointer { cost in
            for j in 0..<problem.targetCount {
                for i in 0..<n { rowMaxima[i] = max(rowMaxima[i], eta * (b[j] - cost[i + j * n])) }
            }
            kernel.elements.withUnsafeMutableBufferPointer { k in
                for j in 0..<problem.targetCount {
                    for i in 0..<n {
                        let entry = exp(eta * (b[j] - cost[i + j * n]) - rowMaxima[i])
                        k[i + j * n] = entry
                        kernelTimesV[i] += entry
                    }
                }
            }
        }
        for i in 0..<n {
            a[i] = (1 - rowMaxima[i]) / eta
            u[i] = problem.source[i] / kernelTimesV[i]
        }
    }

    /// The column step in the log domain, from u = 1: with mⱼ = maxᵢ η(aᵢ − Cᵢⱼ), sets
    /// bⱼ = (1 − mⱼ)/η, Kᵢⱼ = exp(η(aᵢ − Cᵢⱼ) − mⱼ), (Kᵀu)ⱼ = Σᵢ Kᵢⱼ and vⱼ = cⱼ / (Kᵀu)ⱼ.
    private mutating func columnLogSumExp() {
        absorptions += 1
        let n = problem.sourceCount, eta = eta
        problem.cost.elements.withUnsafeBufferPointer { cost in
            kernel.elements.withUnsafeMutableBufferPointer { k in
                for j in 0..<problem.targetCount {
                    var largest = -Double.infinity
                    for i in 0..<n { largest = max(largest, eta * (a[i] - cost[i + j * n])) }
                    var total = 0.0
                    for i in 0..<n {
                        let entry = exp(eta * (a[i] - cost[i + j * n]) - largest)
                        k[i + j * n] = entry
                        total += entry
                    }
                    b[j] = (1 - largest) / eta
                    kernelTransposeTimesU[j] = total
                    v[j] = problem.target[j] / total
                }
            }
        }
    }
}
