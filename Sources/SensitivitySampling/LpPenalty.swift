import Foundation

/// The smoothed ℓp penalty φ_δ(r) = (r² + δ²)^{p/2} and its first two derivatives.
/// δ = 0 gives |r|^p itself (used for p ≥ 2, where it is twice differentiable).
struct LpPenalty {
    /// p ≥ 1.
    let p: Double

    /// φ_δ(r).
    @inline(__always) func value(_ r: Double, delta: Double) -> Double {
        if delta == 0 { return LpPenalty.power(abs(r), p) }
        let s = r * r + delta * delta
        return p == 1 ? s.squareRoot() : pow(s, p / 2)
    }

    /// (φ_δ'(r), φ_δ''(r)).
    @inline(__always) func derivatives(_ r: Double, delta: Double) -> (Double, Double) {
        let s = r * r + delta * delta
        if s == 0 { return (0, p == 2 ? 2 : 0) }
        let h: Double
        if p == 1 { h = 1 / s.squareRoot() } else if p == 2 { h = 1 } else { h = pow(s, p / 2 - 1) }
        return (p * r * h, p * h * ((p - 1) * r * r + delta * delta) / s)
    }

    /// |x|^p for x ≥ 0, with the integer cases done by multiplication.
    @inline(__always) static func power(_ x: Double, _ p: Double) -> Double {
        if p == 1 { return x }
        if p == 2 { return x * x }
        if p == 3 { return x * x * x }
        if p == 4 { let y = x * x; return y * y }
        return x == 0 ? 0 : pow(x, p)
    }
}
