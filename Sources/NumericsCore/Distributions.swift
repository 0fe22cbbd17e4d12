import Foundation

/// Non-uniform draws from `Xoshiro256StarStar`, each a deterministic function of the
/// generator's state.
extension Xoshiro256StarStar {
    /// A standard normal draw N(0, 1) by Marsaglia's polar method: uniform (u, v) in the
    /// unit disc, f = √(−2 ln s / s) with s = u² + v², giving the pair (u·f, v·f).
    /// The second value of the pair is cached in the generator and returned by the next call.
    public mutating func nextNormal() -> Double {
        if let spare = spareNormal {
            spareNormal = nil
            return spare
        }
        while true {
            let u = 2 * nextUniform() - 1
            let v = 2 * nextUniform() - 1
            let s = u * u + v * v
            if s >= 1 || s == 0 { continue }
            let f = (-2 * log(s) / s).squareRoot()
            spareNormal = v * f
            return u * f
        }
    }

    /// A Gamma(shape, 1) draw (density x^{shape−1}e^{−x}/Γ(shape)) by Marsaglia & Tsang's
    /// squeeze method (ACM TOMS 2000); for shape < 1 it boosts Gamma(shape + 1) by U^{1/shape}.
    /// Returns NaN when `shape` is not positive and finite.
    public mutating func nextGamma(shape: Double) -> Double {
        guard shape > 0, shape.isFinite else { return .nan }
        if shape < 1 {
            let boost = pow(1 - nextUniform(), 1 / shape)
            return nextGamma(shape: shape + 1) * boost
        }
        let d = shape - 1.0 / 3.0
        let c = 1 / (9 * d).squareRoot()
        while true {
            let x = nextNormal()
            let root = 1 + c * x
            if root <= 0 { continue }
            let v = root * root * root
            let u = nextUniform()
            let x2 = x * x
            if u < 1 - 0.0331 * x2 * x2 { return d * v }
            if log(u) < 0.5 * x2 + d * (1 - v + log(v)) { return d * v }
        }
    }

    /// A Student-t draw with ν = `nu` degrees of freedom: Z / √(χ²_ν / ν), where
    /// Z ~ N(0, 1) and χ²_ν = 2·Gamma(ν/2). ν = +∞ gives a normal draw; ν ≤ 0 or NaN gives NaN.
    public mutating func nextStudentT(degreesOfFreedom nu: Double) -> Double {
        guard nu > 0 else { return .nan }
        if nu == .infinity { return nextNormal() }
        let z = nextNormal()
        let chiSquared = 2 * nextGamma(shape: nu / 2)
        return z / (chiSquared / nu).squareRoot()
    }

    /// A Bernoulli(p) draw: `nextUniform() < p`, so it always consumes one uniform;
    /// p ≤ 0 (or NaN) never and p ≥ 1 always gives `true`.
    public mutating func nextBernoulli(_ p: Double) -> Bool {
        nextUniform() < p
    }

    /// Fills `buffer` with `scale`·N(0, 1) draws, the same values as successive
    /// `scale * nextNormal()` calls, without allocating when `buffer` is uniquely referenced.
    public mutating func fillNormal(_ buffer: inout [Double], scale: Double = 1) {
        buffer.withUnsafeMutableBufferPointer { p in
            for i in p.indices {
                p[i] = scale * nextNormal()
            }
        }
    }
}
