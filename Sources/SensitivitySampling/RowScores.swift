import Foundation

/// Every per-row score of one matrix and the paper's bounds checked on them:
/// σᵢ ≤ wᵢ (p < 2), σᵢ ≤ d^{p/2−1}wᵢ (p > 2), σᵢ ≤ τᵢ^{p/2} (p < 2), 𝔖 ≤ d (p ≤ 2),
/// 𝔖 ≤ d^{p/2} (p > 2), each checked with the certified upper values of σᵢ; and the reverse
/// bounds wᵢ ≤ d^{1−p/2}σᵢ (p ≤ 2), wᵢ ≤ σᵢ (p > 2), 𝔖 ≥ d^{p/2} (p ≤ 2), 𝔖 ≥ d (p > 2),
/// checked with the certified lower values.
///
/// The reverse bounds follow from the Lewis fixed point (Σ wᵢ = d, R = AᵀW^{1−2/p}A,
/// wᵢ = (aᵢᵀR⁻¹aᵢ)^{p/2}): x = R⁻¹aᵢ gives (Ax)ᵢ = wᵢ^{2/p} and ‖W^{1/2−1/p}Ax‖₂² = wᵢ^{2/p};
/// Hölder gives ‖y‖_p^p ≤ d^{1−p/2}‖W^{1/2−1/p}y‖₂^p for p ≤ 2, and Cauchy–Schwarz
/// (|yⱼ| ≤ wⱼ^{1/p}‖W^{1/2−1/p}y‖₂) gives ‖y‖_p^p ≤ ‖W^{1/2−1/p}y‖₂^p for p ≥ 2. So
/// σᵢ ≥ wᵢ²/(d^{1−p/2}wᵢ) = d^{p/2−1}wᵢ (p ≤ 2) and σᵢ ≥ wᵢ (p ≥ 2); summing gives the 𝔖 bounds.
public struct RowScores: Sendable {
    /// p.
    public let p: Double
    /// The exact sensitivities.
    public let exact: ExactSensitivities
    /// τᵢ.
    public let leverage: [Double]
    /// The Lewis iteration (nil for p ≥ 4).
    public let lewis: LewisWeights?
    /// Wall time of the sensitivity solves, seconds.
    public let solverSeconds: Double
    /// Wall time of the Lewis iteration, seconds.
    public let lewisSeconds: Double

    /// Computes σ (to relative gap `tolerance`), τ and, for p < 4, the Lewis weights.
    public init(basis: OrthonormalBasis, p: Double, tolerance: Double, lewisTolerance: Double) throws(SensitivityError) {
        self.p = p
        let start = Date()
        exact = ExactSensitivities(basis: basis, p: p, tolerance: tolerance)
        solverSeconds = Date().timeIntervalSince(start)
        leverage = basis.leverageScores
        let lewisStart = Date()
        lewis = p < 4 ? try LewisWeights(basis: basis, p: p, maxSteps: 5000, tolerance: lewisTolerance) : nil
        lewisSeconds = Date().timeIntervalSince(lewisStart)
    }

    /// The sampling scores of `kind` (`rounds` Lewis steps for root-leverage).
    public func scores(_ kind: ScoreKind, basis: OrthonormalBasis, rounds: Int) throws(SensitivityError) -> [Double] {
        let sigma = exact.sensitivities
        switch kind {
        case .sensitivity: return sigma
        case .lewis:
            guard let lewis else { throw .unsupported("lewis scores need p < 4, got p = \(p)") }
            return lewis.weights
        case .leverage: return leverage
        case .rootLeverage:
            return try LewisWeights(basis: basis, p: p, maxSteps: rounds, tolerance: 0).weights
        case .uniform: return [Double](repeating: 1, count: sigma.count)
        case .leverageSensitivity:
            let total = sigma.reduce(0, +)
            let d = Double(basis.dimension)
            return zip(sigma, leverage).map { $0 / total + $1 / d }
        }
    }

    /// The bound metrics (see the schema), with violations counted beyond relative `slack`:
    /// upper bounds on σᵢ use the certified upper values, lower bounds the certified lower values.
    public func boundMetrics(dimension: Int, slack: Double) -> [String: Double] {
        let sigma = exact.sensitivities
        let upper = exact.upperBounds
        let d = Double(dimension)
        let total = sigma.reduce(0, +)
        let totalUpper = upper.reduce(0, +)
        var m: [String: Double] = [:]
        m["total_sensitivity"] = total
        m["total_sensitivity_upper"] = totalUpper
        m["max_sensitivity"] = sigma.max() ?? 0
        let totalBound = p <= 2 ? d : pow(d, p / 2)
        m["total_sensitivity_over_bound"] = totalUpper / totalBound
        m["violations_total_bound"] = totalUpper > totalBound * (1 + slack) ? 1 : 0
        let totalLowerBound = p <= 2 ? pow(d, p / 2) : d
        m["total_sensitivity_over_lower_bound"] = total / totalLowerBound
        m["violations_total_lower_bound"] = total * (1 + slack) < totalLowerBound ? 1 : 0
        m["gaussian_formula_ratio"] = total / RowScores.gaussianTotalSensitivity(p: p, d: dimension)
        m["gaussian_limit_ratio"] = total / RowScores.gaussianTotalSensitivityLimit(p: p, d: dimension)
        var deviation = 0.0
        for (s, t) in zip(sigma, leverage) where t > 0 { deviation = max(deviation, abs(s / t - 1)) }
        for (s, t) in zip(upper, leverage) where t > 0 { deviation = max(deviation, abs(s / t - 1)) }
        m["leverage_deviation"] = deviation
        if p <= 2 {
            var count = 0
            var worst = 0.0
            for (s, t) in zip(upper, leverage) {
                let bound = pow(t, p / 2)
                if s > bound * (1 + slack) { count += 1 }
                if bound > 0 { worst = max(worst, s / bound) }
            }
            m["violations_root_leverage_bound"] = Double(count)
            m["max_root_leverage_bound_ratio"] = worst
        }
        if let lewis {
            let w = lewis.weights
            let sum = w.reduce(0, +)
            m["lewis_sum"] = sum
            m["lewis_sum_relative_error"] = abs(sum - d) / d
            m["lewis_iterations"] = Double(lewis.iterations)
            m["lewis_converged"] = lewis.converged ? 1 : 0
            let factor = p <= 2 ? 1 : pow(d, p / 2 - 1)
            var count = 0
            var worst = 0.0
            for (s, wi) in zip(upper, w) {
                let bound = factor * wi
                if s > bound * (1 + slack) { count += 1 }
                if bound > 0 { worst = max(worst, s / bound) }
            }
            m["violations_lewis_bound"] = Double(count)
            m["max_lewis_bound_ratio"] = worst
            let reverseFactor = p <= 2 ? pow(d, 1 - p / 2) : 1
            var reverseCount = 0
            var reverseWorst = 0.0
            for (s, wi) in zip(sigma, w) {
                let bound = reverseFactor * s
                if wi > bound * (1 + slack) { reverseCount += 1 }
                if bound > 0 { reverseWorst = max(reverseWorst, wi / bound) } else if wi > 0 { reverseWorst = .infinity }
            }
            m["violations_lewis_lower_bound"] = Double(reverseCount)
            m["max_lewis_lower_bound_ratio"] = reverseWorst
        }
        let steps = exact.iterations.map(Double.init)
        m["solver_iterations_mean"] = steps.reduce(0, +) / Double(max(steps.count, 1))
        m["solver_iterations_max"] = steps.max() ?? 0
        m["solver_max_gap"] = exact.maxGap
        m["solver_unconverged_rows"] = Double(exact.unconvergedRows)
        m["solver_seconds"] = solverSeconds
        m["lewis_seconds"] = lewisSeconds
        return m
    }

    /// E‖g‖^p / E|g|^p for g ~ N(0, I_d): the n → ∞ limit of the total sensitivity of an n×d
    /// Gaussian matrix at fixed d, with E‖g‖^p = 2^{p/2}Γ((d+p)/2)/Γ(d/2). It equals the
    /// large-d approximation d^{p/2}/E|g|^p times Γ((d+p)/2)/(Γ(d/2)(d/2)^{p/2}), a factor
    /// → 1 as d grows.
    public static func gaussianTotalSensitivityLimit(p: Double, d: Int) -> Double {
        let dd = Double(d)
        return gaussianTotalSensitivity(p: p, d: d) * exp(lgamma((dd + p) / 2) - lgamma(dd / 2)) / pow(dd / 2, p / 2)
    }

    /// d^{p/2}/E|g|^p with E|g|^p = 2^{p/2}Γ((p+1)/2)/√π: the total sensitivity of a tall
    /// Gaussian matrix, whose sensitivities are flat.
    public static func gaussianTotalSensitivity(p: Double, d: Int) -> Double {
        let moment = pow(2, p / 2) * tgamma((p + 1) / 2) / Double.pi.squareRoot()
        return pow(Double(d), p / 2) / moment
    }
}
