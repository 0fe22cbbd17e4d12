import Foundation

/// The Student-t distribution with ν degrees of freedom: distribution function and quantile.
extension Statistics {
    /// P(T ≤ t) for T ~ Student-t(ν): for t ≥ 0 it is 1 − ½·I_{ν/(ν+t²)}(ν/2, ½), with I the
    /// regularized incomplete beta function, and symmetric for t < 0. ν = +∞ gives the
    /// standard normal distribution function. NaN for ν ≤ 0 or NaN arguments.
    public static func studentTCDF(_ t: Double, degreesOfFreedom nu: Double) -> Double {
        guard nu > 0, !t.isNaN else { return .nan }
        let upper = studentTUpperTail(abs(t), nu: nu)
        return t >= 0 ? 1 - upper : upper
    }

    /// The p-quantile t_{p, ν} of Student-t(ν), the t with P(T ≤ t) = p, found by Newton's
    /// method on log P(T > t), safeguarded by bisection. Relative accuracy is about 1e-14 for
    /// ν ≤ 1000, degrading for larger ν in the far tails to about 1e-12 at ν = 10⁶.
    /// Table values: t_{0.975, 2} = 4.302653, t_{0.975, 10} = 2.228139. ν = +∞ gives the
    /// normal quantile. p = 0 and p = 1 give ∓∞; NaN for p ∉ [0, 1], ν ≤ 0 or NaN.
    public static func studentTQuantile(_ p: Double, degreesOfFreedom nu: Double) -> Double {
        guard nu > 0, p >= 0, p <= 1 else { return .nan }
        if p == 0 { return -.infinity }
        if p == 1 { return .infinity }
        if p == 0.5 { return 0 }
        let tail = p > 0.5 ? 1 - p : p
        let t = upperTailQuantile(tail, nu: nu)
        return p > 0.5 ? t : -t
    }

    /// P(T > t) for t ≥ 0.
    static func studentTUpperTail(_ t: Double, nu: Double) -> Double {
        if nu == .infinity { return 0.5 * erfc(t / 2.0.squareRoot()) }
        // x = ν/(ν + t²), y = t²/(ν + t²), with their logarithms from log1p.
        if t > 1e150 {
            let x = nu / t / t
            return 0.5 * SpecialFunctions.regularizedIncompleteBeta(
                x: x, y: 1, logX: log(nu) - 2 * log(t), logY: log1p(-x), a: nu / 2, b: 0.5)
        }
        let ratio = t * t / nu
        let logOnePlusRatio = log1p(ratio)
        let x = 1 / (1 + ratio)
        let y = ratio / (1 + ratio)
        let logX = -logOnePlusRatio
        let logY = log(ratio) - logOnePlusRatio
        let tail = 0.5 * SpecialFunctions.regularizedIncompleteBeta(x: x, y: y, logX: logX, logY: logY, a: nu / 2, b: 0.5)
        // For large ν and y = 1 − x ≪ 1 the continued fraction in x loses about ε/y relative
        // accuracy, while the complement 1 − I_y(½, ν/2) loses about ε/tail: use the better one.
        guard y < tail else { return tail }
        return 0.5 * (1 - SpecialFunctions.incompleteBetaSeries(x: y, logX: logY, logY: logX, a: 0.5, b: nu / 2))
    }

    /// log of the Student-t(ν) density at t.
    static func studentTLogDensity(_ t: Double, nu: Double) -> Double {
        if nu == .infinity { return -0.5 * t * t - 0.5 * log(2 * Double.pi) }
        return -SpecialFunctions.logBeta(nu / 2, 0.5) - 0.5 * log(nu) - (nu + 1) / 2 * log1p(t * t / nu)
    }

    /// The t > 0 with P(T > t) = α, for α ∈ (0, ½).
    private static func upperTailQuantile(_ alpha: Double, nu: Double) -> Double {
        let logAlpha = log(alpha)
        var lower = 0.0
        var upper = 1.0
        while studentTUpperTail(upper, nu: nu) > alpha {
            lower = upper
            upper *= 2
            if upper == .infinity { return .infinity }
        }
        var t = 0.5 * (lower + upper)
        for _ in 0..<300 {
            let tail = studentTUpperTail(t, nu: nu)
            let residual = log(tail) - logAlpha
            if residual == 0 { return t }
            if residual > 0 { lower = t } else { upper = t }
            var next = t + residual * exp(log(tail) - studentTLogDensity(t, nu: nu))
            if !(next > lower && next < upper) { next = 0.5 * (lower + upper) }
            if abs(next - t) <= 1e-15 * t || upper - lower <= 1e-15 * upper { return next }
            t = next
        }
        return t
    }
}
