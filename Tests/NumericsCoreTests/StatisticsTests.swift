import Testing
import Foundation
import NumericsCore

/// Reference values computed with NumPy 2.4 (`np.mean`, `np.std(ddof=1)`, `np.median`,
/// `np.quantile` with the default linear method) and SciPy 1.17 (`stats.linregress`, `stats.t`).
@Suite("Statistics")
struct StatisticsTests {
    let sample = [3.1, -0.4, 2.7, 8.25, 0.0, 1.5, -2.2, 4.75, 3.1, 10.0, 0.3]

    @Test("mean, standard deviation, median against NumPy")
    func descriptive() {
        #expect(abs(Statistics.mean(sample) - 2.8272727272727276) < 1e-14)
        #expect(abs(Statistics.standardDeviation(sample) - 3.6952241905169725) < 1e-14)
        #expect(Statistics.median(sample) == 2.7)
        #expect(Statistics.median([4, 1, 3, 2]) == 2.5)
        #expect(Statistics.mean([]).isNaN)
        #expect(Statistics.standardDeviation([1]).isNaN)
        #expect(Statistics.median([]).isNaN)
        #expect(Statistics.median([1, .nan, 2]).isNaN)
    }

    @Test("quantiles (type 7) against NumPy")
    func quantiles() {
        let expected: [(Double, Double)] = [
            (0, -2.2), (0.1, -0.4), (0.25, 0.15), (0.33, 0.6600000000000004), (0.5, 2.7),
            (0.9, 8.25), (0.975, 9.5625), (1, 10.0),
        ]
        for (q, value) in expected {
            #expect(abs(Statistics.quantile(sample, q) - value) < 1e-14, "q = \(q)")
        }
        let even = [4.0, 1.0, 3.0, 2.0]
        #expect(abs(Statistics.quantile(even, 0.1) - 1.3) < 1e-14)
        #expect(abs(Statistics.quantile(even, 0.4) - 2.2) < 1e-14)
        #expect(abs(Statistics.quantile(even, 0.75) - 3.25) < 1e-14)
        #expect(Statistics.quantile([5], 0.3) == 5)
        #expect(Statistics.quantile([], 0.5).isNaN)
        #expect(Statistics.quantile(even, 1.5).isNaN)
    }

    @Test("linearFit is exact on a line and matches scipy.stats.linregress on noisy data")
    func linearFit() throws {
        let x = [0.0, 1, 2, 3, 4, 5]
        let exact = try #require(Statistics.linearFit(x: x, y: x.map { 2 - 3 * $0 }))
        #expect(abs(exact.slope + 3) < 1e-14 && abs(exact.intercept - 2) < 1e-14)
        #expect(abs(exact.rSquared - 1) < 1e-14 && exact.count == 6)

        let noisy = try #require(Statistics.linearFit(x: x, y: [1.2, 1.9, 3.2, 3.8, 5.1, 6.0]))
        #expect(abs(noisy.slope - 0.9771428571428571) < 1e-14)
        #expect(abs(noisy.intercept - 1.0904761904761906) < 1e-14)
        #expect(abs(noisy.rSquared - 0.9926223479490804) < 1e-13)
    }

    @Test("linearFit is nil for fewer than 2 points or constant x, and skips non-finite pairs")
    func linearFitDegenerate() throws {
        #expect(Statistics.linearFit(x: [1], y: [2]) == nil)
        #expect(Statistics.linearFit(x: [0.1, 0.1, 0.1], y: [1, 2, 3]) == nil)
        let fit = try #require(Statistics.linearFit(x: [0, 1, .nan, 2], y: [1, 3, 4, 5]))
        #expect(fit.count == 3 && abs(fit.slope - 2) < 1e-14)
    }

    @Test("logLinearFit recovers the rate of 5·exp(−0.3 t), skipping non-positive values")
    func logLinearFit() throws {
        let t = (0..<40).map(Double.init)
        var values = t.map { 5 * exp(-0.3 * $0) }
        values[3] = 0
        values[7] = -1
        values[11] = .infinity
        let fit = try #require(Statistics.logLinearFit(t: t, values: values))
        #expect(abs(fit.slope + 0.3) < 1e-12)
        #expect(abs(fit.intercept - log(5)) < 1e-12)
        #expect(fit.count == 37)
    }

    @Test("logLogFit recovers slope −1 of 1/t, skipping t ≤ 0")
    func logLogFit() throws {
        let t = (0..<50).map { Double($0) * 0.5 }
        let values = t.map { 2 / $0 }
        let fit = try #require(Statistics.logLogFit(t: t, values: values))
        #expect(abs(fit.slope + 1) < 1e-12)
        #expect(abs(fit.intercept - log(2)) < 1e-12)
        #expect(fit.count == 49)
    }

    @Test("tInterval equals mean ± t·s/√n with SciPy's t quantiles")
    func tInterval() throws {
        let data = [2.1, 1.9, 2.4, 2.0, 2.6, 1.8]
        let interval95 = try #require(Statistics.tInterval(data))
        #expect(abs(interval95.lowerBound - 1.8104435141025694) < 1e-12)
        #expect(abs(interval95.upperBound - 2.456223152564097) < 1e-12)
        let interval90 = try #require(Statistics.tInterval(data, confidence: 0.9))
        #expect(abs(interval90.lowerBound - 1.8802238637234356) < 1e-12)
        #expect(abs(interval90.upperBound - 2.3864428029432307) < 1e-12)
        #expect(Statistics.tInterval([1]) == nil)
        #expect(Statistics.tInterval([1, .nan, 2]) == nil)
        #expect(Statistics.tInterval(data, confidence: 1) == nil)
        #expect(Statistics.tInterval([3, 3, 3]) == 3...3)
    }
}
