import Foundation
import NumericsCore

/// A lower bound on the distortion ε(S) = sup_x |‖SAx‖_p^p / ‖Ax‖_p^p − 1| of a sample,
/// found by searching directions z = Rx in whitened coordinates (A = QR):
/// 1. candidates: random Gaussian directions, the ℓ2 row maximizers qᵢ, and the ℓp per-row
///    maximizers xᵢ from the sensitivity solves (when given);
/// 2. from the `starts` candidates with the largest and the smallest ratio, local ascent
///    (normalized gradient steps with an adaptive step length, only improvements accepted)
///    on +log ratio and on −log ratio respectively.
/// Every value it reports is the ratio at an actual direction, so the estimate never exceeds
/// the true ε(S). For p = 2 the exact value is max |λ(QᵀSᵀSQ) − 1| (see `exactForPEqualsTwo`).
public struct DistortionEstimator: Sendable {
    /// p.
    public let p: Double
    let basis: OrthonormalBasis
    /// Candidate directions, the columns of a column-major d × count array.
    let candidates: [Double]
    /// ‖Q z_k‖_p^p of each candidate.
    let denominators: [Double]
    /// Number of extreme candidates refined on each side.
    public let starts: Int
    /// Ratio evaluations per local ascent.
    public let ascentSteps: Int

    /// Prepares the candidate set: `randomDirections` Gaussian directions drawn from
    /// `generator`, every qᵢ, and the rows of `maximizers` (n×d, or nil).
    public init(basis: OrthonormalBasis, p: Double, maximizers: [Double]?, randomDirections: Int,
                starts: Int, ascentSteps: Int, using generator: inout Xoshiro256StarStar) {
        self.p = p
        self.basis = basis
        self.starts = starts
        self.ascentSteps = ascentSteps
        let d = basis.dimension
        var z: [Double] = []
        z.reserveCapacity((randomDirections + 2 * basis.rowCount) * d)
        for _ in 0..<(randomDirections * d) { z.append(generator.nextNormal()) }
        z.append(contentsOf: basis.rows)
        if let maximizers { z.append(contentsOf: maximizers) }
        candidates = z
        let count = z.count / d
        var denominators = [Double](repeating: 0, count: count)
        var r = [Double](repeating: 0, count: basis.rowCount)
        for k in 0..<count {
            basis.apply(Array(z[(k * d)..<((k + 1) * d)]), into: &r)
            denominators[k] = r.reduce(0) { $0 + LpPenalty.power(abs($1), p) }
        }
        self.denominators = denominators
    }

    /// The lower bound on ε(S) for `sample`.
    public func estimate(_ sample: Sample) -> Double {
        let d = basis.dimension
        let count = denominators.count
        var ratios = [Double](repeating: 0, count: count)
        basis.rows.withUnsafeBufferPointer { q in
            candidates.withUnsafeBufferPointer { z in
                for k in 0..<count {
                    var num = 0.0
                    for (index, i) in sample.rows.enumerated() {
                        var s = 0.0
                        for j in 0..<d { s += q[i * d + j] * z[k * d + j] }
                        num += sample.weights[index] * LpPenalty.power(abs(s), p)
                    }
                    ratios[k] = denominators[k] > 0 ? num / denominators[k] : 1
                }
            }
        }
        var best = ratios.reduce(0) { max($0, abs($1 - 1)) }
        let order = ratios.indices.sorted { ratios[$0] < ratios[$1] }
        let low = order.prefix(starts), high = order.suffix(starts)
        for (indices, sign) in [(Array(high), 1.0), (Array(low), -1.0)] {
            for k in indices {
                let start = Array(candidates[(k * d)..<((k + 1) * d)])
                let ratio = ascend(from: start, sign: sign, sample: sample)
                best = max(best, abs(ratio - 1))
            }
        }
        return best
    }

    /// log ratio and its gradient at z (‖SQz‖_p^p / ‖Qz‖_p^p). `gDen` and `gNum` are work
    /// buffers of length d (the gradients of the two sums), overwritten.
    func logRatio(_ z: [Double], sample: Sample, gradient: inout [Double], residuals: inout [Double],
                  gDen: inout [Double], gNum: inout [Double]) -> Double {
        let d = basis.dimension
        basis.apply(z, into: &residuals)
        var den = 0.0
        for j in 0..<d { gDen[j] = 0; gNum[j] = 0 }
        let derivativePower = p - 1
        basis.rows.withUnsafeBufferPointer { q in
            for i in 0..<basis.rowCount {
                let r = residuals[i]
                let a = abs(r)
                den += LpPenalty.power(a, p)
                let slope = a == 0 ? 0 : (r < 0 ? -1.0 : 1.0) * LpPenalty.power(a, derivativePower)
                if slope != 0 { for j in 0..<d { gDen[j] += slope * q[i * d + j] } }
            }
        }
        var num = 0.0
        basis.rows.withUnsafeBufferPointer { q in
            for (index, i) in sample.rows.enumerated() {
                let r = residuals[i]
                let a = abs(r)
                let w = sample.weights[index]
                num += w * LpPenalty.power(a, p)
                let slope = a == 0 ? 0 : w * (r < 0 ? -1.0 : 1.0) * LpPenalty.power(a, derivativePower)
                if slope != 0 { for j in 0..<d { gNum[j] += slope * q[i * d + j] } }
            }
        }
        guard num > 0, den > 0 else {
            for j in 0..<d { gradient[j] = 0 }
            return num > 0 ? .infinity : -.infinity
        }
        for j in 0..<d { gradient[j] = p * (gNum[j] / num - gDen[j] / den) }
        return log(num) - log(den)
    }

    /// Local ascent of sign·log ratio on the unit sphere from `start`; returns the most
    /// extreme ratio seen. Buffers are allocated once per ascent, none per step.
    func ascend(from start: [Double], sign: Double, sample: Sample) -> Double {
        let d = basis.dimension
        func normalize(_ v: inout [Double]) {
            let norm = v.reduce(0) { $0 + $1 * $1 }.squareRoot()
            if norm > 0 { for j in v.indices { v[j] /= norm } }
        }
        var z = start
        normalize(&z)
        var trial = [Double](repeating: 0, count: d)
        var gradient = [Double](repeating: 0, count: d)
        var trialGradient = gradient
        var gDen = gradient, gNum = gradient
        var residuals = [Double](repeating: 0, count: basis.rowCount)
        var value = logRatio(z, sample: sample, gradient: &gradient, residuals: &residuals, gDen: &gDen, gNum: &gNum)
        guard value.isFinite else { return exp(value) }
        var length = 0.1
        for _ in 0..<ascentSteps {
            let gnorm = gradient.reduce(0) { $0 + $1 * $1 }.squareRoot()
            guard gnorm > 0, length > 1e-12 else { break }
            for j in 0..<d { trial[j] = z[j] + sign * length * gradient[j] / gnorm }
            normalize(&trial)
            let candidate = logRatio(trial, sample: sample, gradient: &trialGradient, residuals: &residuals,
                                     gDen: &gDen, gNum: &gNum)
            if sign * candidate > sign * value {
                swap(&z, &trial)
                value = candidate
                swap(&gradient, &trialGradient)
                length *= 1.5
            } else {
                length *= 0.5
            }
        }
        return exp(value)
    }

    /// The exact ε(S) for p = 2: max |λ − 1| over the eigenvalues λ of QᵀSᵀSQ = Σ_{i∈S} qᵢqᵢᵀ/πᵢ
    /// (πᵢ the keep probability), since ‖SQz‖²/‖Qz‖² is its Rayleigh quotient (QᵀQ = I).
    public static func exactForPEqualsTwo(basis: OrthonormalBasis, sample: Sample) throws(SensitivityError) -> Double {
        let d = basis.dimension
        var m = Matrix(rows: d, columns: d)
        for (index, i) in sample.rows.enumerated() {
            let w = sample.weights[index]
            for k in 0..<d {
                for l in 0..<d { m[k, l] += w * basis.rows[i * d + k] * basis.rows[i * d + l] }
            }
        }
        do {
            let eigen = try SymmetricEigen(m)
            return eigen.values.reduce(0) { max($0, abs($1 - 1)) }
        } catch {
            throw .linearAlgebra("\(error)")
        }
    }
}
