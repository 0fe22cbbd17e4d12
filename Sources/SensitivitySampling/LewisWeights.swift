import Foundation

/// ℓp Lewis weights by the fixed-point iteration
/// wᵢ ← (aᵢᵀ (Aᵀ W^{1−2/p} A)⁻¹ aᵢ)^{p/2} (Cohen & Peng 2015), started from w = 1. The map is
/// a contraction for p < 4, and at its fixed point Σ wᵢ = d. A fixed number of steps from
/// w = 1 gives the root-leverage scores: one step is τᵢ^{p/2}.
public struct LewisWeights: Sendable {
    /// wᵢ after the last step.
    public let weights: [Double]
    /// Steps taken.
    public let iterations: Int
    /// max |w_new/w_old − 1| of the last step.
    public let lastChange: Double
    /// True when `lastChange` fell below the tolerance.
    public let converged: Bool

    /// Iterates on `basis` for exponent p until max |w_new/w_old − 1| ≤ `tolerance` or
    /// `maxSteps` steps. Throws `linearAlgebra` when AᵀW^{1−2/p}A is not positive definite.
    public init(basis: OrthonormalBasis, p: Double, maxSteps: Int, tolerance: Double) throws(SensitivityError) {
        let n = basis.rowCount, d = basis.dimension
        var w = [Double](repeating: 1, count: n)
        var next = w
        var m = [Double](repeating: 0, count: d * d)
        var cholesky = SmallCholesky(size: d)
        var work = [Double](repeating: 0, count: d)
        var steps = 0
        var change = Double.infinity
        let exponent = 1 - 2 / p
        while steps < maxSteps {
            for k in 0..<(d * d) { m[k] = 0 }
            basis.rows.withUnsafeBufferPointer { q in
                for i in 0..<n {
                    let s = exponent == 0 ? 1 : (w[i] > 0 ? pow(w[i], exponent) : 0)
                    let base = i * d
                    for k in 0..<d {
                        let qk = s * q[base + k]
                        for l in 0...k { m[k * d + l] += qk * q[base + l] }
                    }
                }
            }
            for k in 0..<d { for l in 0..<k { m[l * d + k] = m[k * d + l] } }
            guard cholesky.factorize(m) else {
                throw .linearAlgebra("Lewis iteration: AᵀW^{1−2/p}A is not positive definite at step \(steps + 1)")
            }
            change = 0
            basis.rows.withUnsafeBufferPointer { q in
                for i in 0..<n {
                    let form = cholesky.inverseQuadraticForm(UnsafeBufferPointer(rebasing: q[(i * d)..<((i + 1) * d)]), work: &work)
                    next[i] = pow(form, p / 2)
                    if w[i] > 0 { change = max(change, abs(next[i] / w[i] - 1)) }
                }
            }
            swap(&w, &next)
            steps += 1
            if change <= tolerance { break }
        }
        weights = w
        iterations = steps
        lastChange = change
        converged = change <= tolerance
    }
}
