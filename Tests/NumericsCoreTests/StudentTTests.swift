import Testing
import NumericsCore

@Suite("Student-t distribution function and quantile")
struct StudentTTests {
    @Test("quantiles match the t table", arguments: [(2.0, 4.302653), (10.0, 2.228139), (30.0, 2.042272)])
    func tableValues(nu: Double, value: Double) {
        #expect(abs(Statistics.studentTQuantile(0.975, degreesOfFreedom: nu) - value) < 5e-7)
    }

    // Reference values from scipy.stats.t.ppf (SciPy 1.17).
    @Test("quantiles match SciPy to 1e-12 relative, including tails and non-integer ν",
          arguments: [
            (0.975, 1.0, 12.706204736174694), (0.975, 2.0, 4.302652729749462),
            (0.975, 10.0, 2.228138851986274), (0.975, 30.0, 2.0422724563012378),
            (0.995, 5.0, 4.032142983555228), (0.9, 3.5, 1.5765766051364052),
            (0.6, 7.0, 0.2631668613520229), (1e-10, 1.0, -3183098861.8379064),
            (1e-12, 4.0, -1316.0727465592565), (0.975, 1000.0, 1.9623390808264083),
            (0.975, 1e6, 1.959966356814107), (0.999999, 50.0, 5.376673401732294),
            (0.025, 20.0, -2.0859634472658652), (0.975, 0.5, 164.55767348048818),
            (0.975, Double.infinity, 1.959963984540054),
          ])
    func scipyValues(p: Double, nu: Double, value: Double) {
        let t = Statistics.studentTQuantile(p, degreesOfFreedom: nu)
        #expect(abs(t - value) <= 1e-12 * abs(value), "t_{\(p), \(nu)} = \(t)")
    }

    @Test("distribution function matches SciPy and inverts the quantile")
    func cdf() {
        #expect(abs(Statistics.studentTCDF(1.3, degreesOfFreedom: 6) - 0.8793474126886069) < 1e-14)
        #expect(abs(Statistics.studentTCDF(-2.5, degreesOfFreedom: 3) - 0.04385332350403278) < 1e-14)
        #expect(abs(Statistics.studentTCDF(40, degreesOfFreedom: 2) - 0.9996877926639076) < 1e-14)
        #expect(Statistics.studentTCDF(0, degreesOfFreedom: 4) == 0.5)
        // Large ν, where the tail needs the complement series; reference from mpmath.betainc at 40 digits.
        #expect(abs(Statistics.studentTCDF(-4, degreesOfFreedom: 1e5) / 0.000031693998778597669602 - 1) < 2e-12)
        #expect(abs(Statistics.studentTCDF(-1.96, degreesOfFreedom: 1e6) / 0.024998033792634893267 - 1) < 1e-13)
        for p in [0.01, 0.3, 0.77, 0.999] {
            let t = Statistics.studentTQuantile(p, degreesOfFreedom: 7)
            #expect(abs(Statistics.studentTCDF(t, degreesOfFreedom: 7) - p) < 1e-14)
        }
    }

    @Test("edge cases: p = 0, ½, 1 and invalid arguments")
    func edges() {
        #expect(Statistics.studentTQuantile(0.5, degreesOfFreedom: 3) == 0)
        #expect(Statistics.studentTQuantile(1, degreesOfFreedom: 3) == .infinity)
        #expect(Statistics.studentTQuantile(0, degreesOfFreedom: 3) == -.infinity)
        #expect(Statistics.studentTQuantile(1.2, degreesOfFreedom: 3).isNaN)
        #expect(Statistics.studentTQuantile(0.9, degreesOfFreedom: 0).isNaN)
        #expect(Statistics.studentTCDF(.infinity, degreesOfFreedom: 3) == 1)
        #expect(Statistics.studentTCDF(.nan, degreesOfFreedom: 3).isNaN)
    }
}
