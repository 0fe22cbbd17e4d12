import ExperimentKit
import Foundation
@testable import MatrixSensing
import NumericsCore
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
}

@Suite struct MatrixSensingRunTests {
    let seeds = RunSeeds(instance: 1234, algorithm: 5678)

    @Test func exactSymmetricConvergesLinearly() throws {
        let model = try smallModel(["iterations": .int(3000), "stop_below": .double(1e-12)])
        let outcome = try model.run(seeds: seeds, record: RecordPolicy(every: 10))
        #expect(outcome.status == .ok)
        #expect(try #require(outcome.metrics["final_error"]) < 1e-12)
        let hit = try #require(outcome.metrics["iterations_to_1e-8"])
        #expect(hit < 3000)
        #expect(try #require(outcome.metrics["linear_rate"]) > 0.005)
        #expect(outcome.series["error"]?.steps.first == 0)
        #expect(outcome.series["error"]?.steps.last == Int(try #require(outcome.metrics["iterations_run"])))
    }

    @Test func exactAsymmetricConvergesLinearly() throws {
        let model = try smallModel(["parameterization": .string("asymmetric"), "iterations": .int(4000),
                                    "stop_below": .double(1e-12)])
        let outcome = try model.run(seeds: seeds, record: RecordPolicy(every: 50))
        #expect(outcome.status == .ok)
        #expect(try #require(outcome.metrics["final_error"]) < 1e-12)
        #expect(outcome.metrics["lambda_min_imbalance0"] != nil)
    }

    @Test func rebalancedSwitchesOnceBelowTheThreshold() throws {
        let model = try smallModel(["parameterization": .string("asymmetric-rebalanced"), "search_rank": .int(3),
                                    "iterations": .int(3000), "stop_below": .double(1e-11)])
        let outcome = try model.run(seeds: seeds, record: RecordPolicy(every: 1))
        let t = Int(try #require(outcome.metrics["switch_iteration"]))
        try #require(t > 0)
        let errors = try #require(outcome.series["error"]).values
        #expect(errors[t] < 1e-2 && errors[t - 1] >= 1e-2)
        #expect(try #require(outcome.metrics["final_error"]) < 1e-11)
    }

    @Test func aHugeStepIsStoredAsDiverged() throws {
        let model = try smallModel(["step": .double(50), "iterations": .int(1000)])
        let outcome = try model.run(seeds: seeds, record: RecordPolicy(every: 1))
        #expect(outcome.status == .diverged)
        let at = try #require(outcome.metrics["diverged_at"])
        #expect(at > 0 && at < 1000)
        #expect(outcome.message?.contains("blow-up") == true)
        // The curve ends at the last finite iterate, just before the blow-up.
        #expect(outcome.series["error"]?.steps.last == Int(at) - 1)
    }

    @Test func sameSeedsGiveBitIdenticalMetrics() throws {
        let model = try smallModel(["parameterization": .string("asymmetric"), "search_rank": .int(3), "iterations": .int(300)])
        let a = try model.run(seeds: seeds, record: RecordPolicy(every: 7))
        let b = try model.run(seeds: seeds, record: RecordPolicy(every: 7))
        #expect(a.metrics.keys.sorted() == b.metrics.keys.sorted())
        for (k, v) in a.metrics { #expect(v.bitPattern == b.metrics[k]?.bitPattern) }
        #expect(a.series == b.series)
    }

    @Test func overParameterizedSymmetricIsSublinear() throws {
        // k > r, symmetric: the late error decays like 1/t, not geometrically (claim 2).
        let model = try smallModel(["search_rank": .int(4), "init_scale": .double(0.3), "iterations": .int(4000),
                                    "measurements": .int(400)])
        let outcome = try model.run(seeds: seeds, record: RecordPolicy(every: 100))
        let slope = try #require(outcome.metrics["loglog_slope"])
        #expect(slope < -0.5 && slope > -1.5)
        #expect(try #require(outcome.metrics["final_error"]) > 1e-6)
    }
}
