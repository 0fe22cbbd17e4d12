/// The xoshiro256** generator of Blackman & Vigna ("Scrambled linear pseudorandom number
/// generators", ACM TOMS 2021), 256 bits of state, period 2²⁵⁶ − 1.
///
/// The state is seeded with four consecutive outputs of SplitMix64 started at `seed`, as
/// the authors recommend. The same seed gives the same sequence on every platform; the
/// derived normal, Student-t and Bernoulli draws (in Distributions.swift) are deterministic
/// given the state, which includes the cached second value of the last normal pair.
/// Never use the system generator for experiments: use this one.
public struct Xoshiro256StarStar: RandomNumberGenerator, Sendable {
    /// The four state words s₀…s₃.
    private var s0: UInt64
    private var s1: UInt64
    private var s2: UInt64
    private var s3: UInt64
    /// The second value of the last Marsaglia polar pair, returned by the next `nextNormal()`.
    var spareNormal: Double?

    /// A generator whose state is four SplitMix64 outputs from `seed` (never all zero).
    public init(seed: UInt64) {
        var splitMix = seed
        s0 = Self.splitMix64(&splitMix)
        s1 = Self.splitMix64(&splitMix)
        s2 = Self.splitMix64(&splitMix)
        s3 = Self.splitMix64(&splitMix)
        spareNormal = nil
    }

    /// The next 64 random bits: rotl(s₁·5, 7)·9, then the xoshiro256 state transition.
    public mutating func next() -> UInt64 {
        let result = rotateLeft(s1 &* 5, 7) &* 9
        let t = s1 << 17
        s2 ^= s0
        s3 ^= s1
        s1 ^= s2
        s0 ^= s3
        s2 ^= t
        s3 = rotateLeft(s3, 45)
        return result
    }

    /// A uniform draw from [0, 1): the top 53 bits of `next()` times 2⁻⁵³.
    public mutating func nextUniform() -> Double {
        Double(next() >> 11) * 0x1.0p-53
    }

    /// One step of SplitMix64 (Steele, Lea & Flood 2014; Vigna's splitmix64.c).
    private static func splitMix64(_ state: inout UInt64) -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// x rotated left by k bits.
    private func rotateLeft(_ x: UInt64, _ k: UInt64) -> UInt64 {
        (x << k) | (x >> (64 - k))
    }
}
