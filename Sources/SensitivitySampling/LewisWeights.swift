import Foundation
import NumericsCore

/// ℓp Lewis weights by the fixed-point iteration
/// wᵢ ← (aᵢᵀ (Aᵀ W^{1−2/p} A)⁻¹ aᵢ)^{p/2} (Cohen & Peng 2015), started from w = 1. The map is
/// a contraction for p < 4, and at its fixed point Σ wᵢ = d. A fixed number of steps from
/// w = 1 gives the root-leverage scores: one step is τᵢ^{p/2}.
///
/// A step is three BLAS-3/LAPACK calls on buffers allocated once: M = BᵀB with the rows of B
/// the rows qᵢ scaled by wᵢ^{(1−2/p)/2} (`syrk`), M = UᵀU (`potrf`), and U⁻ᵀ[q₁ … qₙ]
/// (`trsm`), whose column norms squared are the quadratic forms qᵢᵀM⁻¹qᵢ.
public struct LewisWeights: Sendable {
    /// wᵢ after the last step.
    public let weights: [Double]
    /// Steps taken.
    public let iterations: Int
    /// max |w_new/w_old − 1| of the last step.
    public let lastChange: Double
    /// True when `lastChange` fell below the tolerance.
    public let converged: Bool

    /// One call of the whole computation on a matrix A (n×d, n ≥ d, full column rank): its
    /// orthonormal basis (Householder QR), then the iteration with the spec defaults
    /// (`lewis_tolerance` 1e-12, at most 5000 steps). The benchmark harness times this call.
    public static func compute(matrix: Matrix, p: Double, maxSteps: Int = 5000,
                               tolerance: Double = 1e-12) throws(SensitivityError) -> LewisWeights {
        try LewisWeights(basis: OrthonormalBasis(matrix), p: p, maxSteps: maxSteps, tolerance: tolerance)
    }

    /// Iterates on `basis` for exponent p until max |w_new/w_old − 1| ≤ `tolerance` or
    /// `maxSteps` steps. Throws `linearAlgebra` when AᵀW^{1−2/p}A is not positive definite.
    public init(basis: OrthonormalBasis, p: Double, maxSteps: Int, tolerance: Double) throws(SensitivityError) {
        let n = basis.rowCount, d = basis.dimension
        // `basis.rows` is Qᵀ, d×n column-major (column i is qᵢ).
        let rowsAsColumns = Matrix(rows: d, columns: n, columnMajor: basis.rows)
        var w = [Double](repeating: 1, count: n)
        var next = w
        var columns = Matrix(rows: d, columns: n)
        var gram = Matrix(rows: d, columns: d)
        var steps = 0
        var change = Double.infinity
        // The row scales wᵢ^{(1−2/p)/2}; after a step wᵢ = formᵢ^{p/2}, so they are formᵢ^{(p−2)/4}.
        var scales = [Double](repeating: 1, count: n)
        while steps < maxSteps {
            rowsAsColumns.elements.withUnsafeBufferPointer { q in
                columns.elements.withUnsafeMutableBufferPointer { b in
                    for i in 0..<n {
                        for k in (i * d)..<((i + 1) * d) { b[k] = scales[i] * q[k] }
                    }
                }
            }
            do {
                try BLAS.syrk(.upper, .none, columns, into: &gram)
                try Cholesky.factorInPlace(&gram)
                columns.elements.withUnsafeMutableBufferPointer { b in
                    rowsAsColumns.elements.withUnsafeBufferPointer { q in
                        for k in 0..<(n * d) { b[k] = q[k] }
                    }
                }
                try Cholesky.forwardSubstituteInPlace(factor: gram, &columns)
            } catch {
                throw .linearAlgebra("Lewis iteration: AᵀW^{1−2/p}A is not positive definite at step \(steps + 1) (\(error))")
            }
            change = 0
            columns.elements.withUnsafeBufferPointer { y in
                for i in 0..<n {
                    var form = 0.0
                    for k in (i * d)..<((i + 1) * d) { form += y[k] * y[k] }
                    next[i] = Self.power(form, p / 2)
                    scales[i] = Self.power(form, (p - 2) / 4)
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

    /// x^e for x ≥ 0 (0 when x = 0 and e < 0, as a zero weight is not scaled up). Exponents
    /// that are multiples of 1/4 with |e| ≤ 2 (p = 1, 1.5, 2, 3 and their scales) are
    /// products of square roots; others use `pow`.
    @inline(__always) static func power(_ x: Double, _ e: Double) -> Double {
        guard x > 0 else { return e == 0 ? 1 : 0 }
        let quarters = 4 * e
        guard quarters == quarters.rounded(), abs(quarters) <= 8 else { return pow(x, e) }
        let root = x.squareRoot().squareRoot()
        var result = 1.0
        for _ in 0..<Int(abs(quarters)) { result *= root }
        return quarters < 0 ? 1 / result : result
    }
}
