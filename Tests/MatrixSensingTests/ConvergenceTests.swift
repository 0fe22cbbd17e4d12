import ExperimentKit
import Foundation
@testable import MatrixSensing
import NumericsCore
import Sensing
import Testing

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
