import ExperimentKit
@testable import MatrixSensing
import NumericsCore
import Sensing
import Testing

@Suite struct SensingInstanceTests {
    @Test func groundTruthHasTheGivenSpectrumAndRank() throws {
        var g = Xoshiro256StarStar(seed: 7)
        let instance = try SensingInstance(n: 12, spectrum: [1.0, 0.75, 0.5], measurementCount: 50, using: &g)
        let eigen = try SymmetricEigen(instance.groundTruth)
        let top = eigen.values.suffix(3).map { $0 }
        #expect(abs(top[0] - 0.5) < 1e-12 && abs(top[1] - 0.75) < 1e-12 && abs(top[2] - 1.0) < 1e-12)
        for value in eigen.values.prefix(9) { #expect(abs(value) < 1e-12) }
        #expect(instance.groundTruth.isApproximatelyEqual(to: instance.groundTruth.transposed, tolerance: 1e-15))
    }

    @Test func measurementsAreInnerProductsWithTheOperator() throws {
        var g = Xoshiro256StarStar(seed: 8)
        let instance = try SensingInstance(n: 6, spectrum: [2.0], measurementCount: 30, using: &g)
        for i in [0, 7, 29] {
            #expect(abs(instance.measurements[i] - naiveMeasurement(instance, i, instance.groundTruth)) < 1e-12)
        }
    }

    @Test func sameSeedSameInstance() throws {
        var a = Xoshiro256StarStar(seed: 99), b = Xoshiro256StarStar(seed: 99)
        let x = try SensingInstance(n: 5, spectrum: [1, 0.5], measurementCount: 20, using: &a)
        let y = try SensingInstance(n: 5, spectrum: [1, 0.5], measurementCount: 20, using: &b)
        #expect(x.sensingOperator == y.sensingOperator && x.groundTruth == y.groundTruth && x.measurements == y.measurements)
    }

    @Test func defaultSpectrumIsTheBriefs() {
        #expect(SensingInstance.defaultSpectrum(rank: 3) == [1.0, 0.75, 0.5])
        #expect(SensingInstance.defaultSpectrum(rank: 1) == [1.0])
    }

    @Test func crossChecksRejectInconsistentParameters() {
        #expect(throws: ParameterError(key: "search_rank", message: "search rank k = 9 exceeds n = 8")) {
            try smallModel(["search_rank": .int(9)])
        }
        #expect(throws: ParameterError(key: "spectrum", message: "has 3 values but rank r = 2")) {
            try smallModel(["spectrum": .reals([1, 0.5, 0.2])])
        }
    }
}
