import Foundation
import NumericsCore
@testable import Sensing
import Testing

@Suite struct ErrorCurveTests {
    @Test func linearRateOfAGeometricCurve() throws {
        let curve = ErrorCurve(errors: (0..<200).map { 3 * exp(-0.05 * Double($0)) })
        #expect(abs(try #require(curve.linearRate(floor: 1e-12)) - 0.05) < 1e-10)
        #expect(curve.hittingTime(below: 3 * exp(-0.05 * 100.5)) == 101)
        #expect(curve.hittingTime(below: 1e-30) == .infinity)
    }

    @Test func logLogSlopeOfOneOverT() throws {
        let curve = ErrorCurve(errors: (0..<5000).map { 0.75 / (0.1 * Double(max($0, 1))) })
        #expect(abs(try #require(curve.logLogSlope(floor: 1e-10)) + 1) < 1e-10)
    }

    @Test func fitsStopAtTheFloor() throws {
        // Geometric down to 1e-12, then flat at the floor of double precision: the rate must
        // come from the geometric part only.
        let errors = (0..<400).map { max(exp(-0.1 * Double($0)), 1e-15) }
        let rate = try #require(ErrorCurve(errors: errors).linearRate(floor: 1e-10))
        #expect(abs(rate - 0.1) < 1e-9)
    }

    @Test func linearRateOverAWindowIgnoresWhatLiesOutside() throws {
        // Flat at 1 until t = 50, then geometric with rate 0.2: the window [50, 150] sees only
        // the geometric part; a window of one point has no rate.
        let curve = ErrorCurve(errors: (0..<200).map { $0 < 50 ? 1 : exp(-0.2 * Double($0 - 50)) })
        #expect(abs(try #require(curve.linearRate(over: 50...150)) - 0.2) < 1e-10)
        #expect(curve.linearRate(over: 7...7) == nil)
    }

    @Test func hittingTimesAreTheFirstIterationsBelowEachPowerOfTen() {
        // e_t = 2^-t falls below 1e-2 first at t = 7 (2^-7 ≈ 7.8e-3) and below 1e-4 at t = 14
        // (2^-14 ≈ 6.1e-5); the 40 iterations never reach 1e-13 (2^-39 ≈ 1.8e-12).
        let curve = ErrorCurve(errors: (0..<40).map { pow(2, -Double($0)) })
        let times = curve.hittingTimes(exponents: [2, 4, 13])
        #expect(times == ["iterations_to_1e-2": 7, "iterations_to_1e-4": 14, "iterations_to_1e-13": .infinity])
    }
}
