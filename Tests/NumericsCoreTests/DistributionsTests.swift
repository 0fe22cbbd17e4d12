import Testing
import NumericsCore

/// Sample mean, variance, skewness and excess kurtosis (population-moment estimators).
private func moments(_ xs: [Double]) -> (mean: Double, variance: Double, skewness: Double, excessKurtosis: Double) {
    let n = Double(xs.count)
    let mean = xs.reduce(0, +) / n
    var m2 = 0.0, m3 = 0.0, m4 = 0.0
    for x in xs {
        let d = x - mean
        m2 += d * d
        m3 += d * d * d
        m4 += d * d * d * d
    }
    m2 /= n
    m3 /= n
    m4 /= n
    return (mean, m2, m3 / (m2 * m2.squareRoot()), m4 / (m2 * m2) - 3)
}

@Suite("Normal, gamma, Student-t and Bernoulli draws")
struct DistributionsTests {
    // Marsaglia polar pairs from the same independent Python implementation as the
    // xoshiro256** known answers (seed 7, first value of each pair returned first).
    @Test("normal draws match the reference polar-method values")
    func normalKnownAnswers() {
        var g = Xoshiro256StarStar(seed: 7)
        let expected = [0.9643618527255184, -1.0637531974798475, -0.3039301238656567,
                        -1.0989693210013467, 0.30479435832638674, 1.7083194561947417]
        let draws = (0..<6).map { _ in g.nextNormal() }
        #expect(maxAbsDifference(draws, expected) < 1e-14)
    }

    @Test("200 000 normal draws: mean, variance, skewness, excess kurtosis within 5 s.e. of 0, 1, 0, 0")
    func normalMoments() {
        let n = 200_000
        var g = Xoshiro256StarStar(seed: 8)
        var xs = [Double](repeating: 0, count: n)
        g.fillNormal(&xs)
        let m = moments(xs)
        let count = Double(n)
        #expect(abs(m.mean) < 5 / count.squareRoot())
        #expect(abs(m.variance - 1) < 5 * (2 / count).squareRoot())
        #expect(abs(m.skewness) < 5 * (6 / count).squareRoot())
        #expect(abs(m.excessKurtosis) < 5 * (24 / count).squareRoot())
    }

    @Test("fillNormal equals successive scaled nextNormal draws and does not reallocate")
    func fillNormal() {
        var a = Xoshiro256StarStar(seed: 9)
        var b = Xoshiro256StarStar(seed: 9)
        var buffer = [Double](repeating: 0, count: 7)
        let address = storageAddress(buffer)
        a.fillNormal(&buffer, scale: 3)
        #expect(storageAddress(buffer) == address)
        #expect(buffer == (0..<7).map { _ in 3 * b.nextNormal() })
        #expect(a.nextNormal() == b.nextNormal())
    }

    @Test("Gamma(k) draws have mean k and variance k", arguments: [0.5, 3.0])
    func gammaMoments(shape: Double) {
        let n = 100_000
        var g = Xoshiro256StarStar(seed: 10)
        let xs = (0..<n).map { _ in g.nextGamma(shape: shape) }
        let m = moments(xs)
        #expect(xs.allSatisfy { $0 >= 0 })
        #expect(abs(m.mean - shape) < 5 * (shape / Double(n)).squareRoot())
        // Var of the sample variance ≈ (μ₄ − σ⁴)/n with μ₄ = 3k² + 6k for Gamma(k).
        let varianceStandardError = ((3 * shape * shape + 6 * shape - shape * shape) / Double(n)).squareRoot()
        #expect(abs(m.variance - shape) < 5 * varianceStandardError)
        #expect(g.nextGamma(shape: 0).isNaN && g.nextGamma(shape: -1).isNaN)
    }

    @Test("Student-t(ν = 5) draws: mean 0, variance ν/(ν − 2)")
    func studentTMoments() {
        let n = 200_000
        let nu = 5.0
        var g = Xoshiro256StarStar(seed: 11)
        let xs = (0..<n).map { _ in g.nextStudentT(degreesOfFreedom: nu) }
        let m = moments(xs)
        let variance = nu / (nu - 2)
        #expect(abs(m.mean) < 5 * (variance / Double(n)).squareRoot())
        // Kurtosis of t₅ is 3 + 6/(ν − 4) = 9, so Var(s²) ≈ σ⁴·(9 − 1)/n.
        #expect(abs(m.variance - variance) < 5 * (variance * variance * 8 / Double(n)).squareRoot())
        #expect(g.nextStudentT(degreesOfFreedom: 0).isNaN)
    }

    @Test("Student-t(ν = 1) is Cauchy: the fraction with |T| < 1 is ½")
    func cauchyQuartiles() {
        let n = 100_000
        var g = Xoshiro256StarStar(seed: 12)
        let inside = (0..<n).filter { _ in abs(g.nextStudentT(degreesOfFreedom: 1)) < 1 }.count
        #expect(abs(Double(inside) / Double(n) - 0.5) < 5 * (0.25 / Double(n)).squareRoot())
    }

    @Test("Bernoulli(p) frequency within 5 s.e. of p; p = 0 and p = 1 are certain", arguments: [0.03, 0.3, 0.9])
    func bernoulliFrequency(p: Double) {
        let n = 100_000
        var g = Xoshiro256StarStar(seed: 13)
        let successes = (0..<n).filter { _ in g.nextBernoulli(p) }.count
        #expect(abs(Double(successes) / Double(n) - p) < 5 * (p * (1 - p) / Double(n)).squareRoot())
        #expect((0..<1000).allSatisfy { _ in !g.nextBernoulli(0) && g.nextBernoulli(1) })
    }
}
