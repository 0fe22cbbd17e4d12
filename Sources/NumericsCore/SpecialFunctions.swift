import Foundation

/// Special functions behind the Student-t distribution: log Beta and the regularized
/// incomplete beta function I_x(a, b).
enum SpecialFunctions {
    /// log B(a, b) = log Γ(a) + log Γ(b) − log Γ(a + b) for a, b > 0. When the larger
    /// argument is ≥ 10 the difference log Γ(big) − log Γ(big + small) is taken from
    /// Stirling's series, avoiding the cancellation of two large `lgamma` values.
    static func logBeta(_ a: Double, _ b: Double) -> Double {
        let big = max(a, b)
        let small = min(a, b)
        guard big >= 10 else { return lgamma(a) + lgamma(b) - lgamma(a + b) }
        let logGammaDifference = -(big - 0.5) * log1p(small / big) - small * log(big + small) + small
            + stirlingCorrection(big) - stirlingCorrection(big + small)
        return lgamma(small) + logGammaDifference
    }

    /// log Γ(x) − [(x − ½)·log x − x + ½·log 2π], by its asymptotic series (x ≥ 10, error < 1e-14).
    static func stirlingCorrection(_ x: Double) -> Double {
        let r = 1 / x
        let r2 = r * r
        return r * (1.0 / 12 - r2 * (1.0 / 360 - r2 * (1.0 / 1260 - r2 * (1.0 / 1680 - r2 / 1188))))
    }

    /// The regularized incomplete beta function I_x(a, b) = B(x; a, b)/B(a, b) for a, b > 0,
    /// given x ∈ [0, 1], y = 1 − x, log x and log y separately so that each can be passed
    /// accurately (for large a, a·log x amplifies any rounding in x near 1).
    /// Uses the continued fraction of Numerical Recipes (§6.4) on the side where it converges
    /// fast, and I_x(a, b) = 1 − I_y(b, a) on the other.
    static func regularizedIncompleteBeta(
        x: Double, y: Double, logX: Double, logY: Double, a: Double, b: Double
    ) -> Double {
        if x <= 0 { return 0 }
        if y <= 0 { return 1 }
        let logFront = a * logX + b * logY - logBeta(a, b)
        if x < (a + 1) / (a + b + 2) {
            return exp(logFront) * betaContinuedFraction(x: x, a: a, b: b) / a
        }
        return 1 - exp(logFront) * betaContinuedFraction(x: y, a: b, b: a) / b
    }

    /// I_x(a, b) by its power series x^a·y^b/(a·B(a, b))·Σₙ (a + b)ₙ/(a + 1)ₙ·xⁿ
    /// (DLMF 8.17.7 with ₂F₁ expanded), all terms positive; for x < ½.
    static func incompleteBetaSeries(x: Double, logX: Double, logY: Double, a: Double, b: Double) -> Double {
        var term = exp(a * logX + b * logY - logBeta(a, b)) / a
        var sum = term
        var n = 0.0
        while n < 1_000_000 {
            term *= (a + b + n) / (a + 1 + n) * x
            sum += term
            n += 1
            if term <= 1e-17 * sum && n > (a + b) * x { break }
        }
        return sum
    }

    /// The continued fraction of I_x(a, b) evaluated by the modified Lentz method.
    private static func betaContinuedFraction(x: Double, a: Double, b: Double) -> Double {
        let tiny = 1e-300
        let epsilon = 1e-16
        let qab = a + b
        let qap = a + 1
        let qam = a - 1
        var c = 1.0
        var d = 1 - qab * x / qap
        if abs(d) < tiny { d = tiny }
        d = 1 / d
        var h = d
        for iteration in 1...100_000 {
            let m = Double(iteration)
            let m2 = 2 * m
            var aa = m * (b - m) * x / ((qam + m2) * (a + m2))
            d = 1 + aa * d
            if abs(d) < tiny { d = tiny }
            c = 1 + aa / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            h *= d * c
            aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2))
            d = 1 + aa * d
            if abs(d) < tiny { d = tiny }
            c = 1 + aa / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            let delta = d * c
            h *= delta
            if abs(delta - 1) < epsilon { break }
        }
        return h
    }
}
