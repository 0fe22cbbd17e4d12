import ExperimentKit
import Foundation
@testable import RobustRecovery
import NumericsCore
import Sensing
import Testing

@Suite struct ConvergenceTests {
    let seeds = RunSeeds(instance: 1234, algorithm: 5678)

    /// Population dynamics U ← U − η(UUᵀ − X*)U with r' = r from a tiny random init reach X*,
    /// learning λ₁ = 2 before λ₂ = 1.
    @Test func populationDynamicsConvergeToTheTruth() throws {
        let model = try smallModel(["algorithm": .string("population"), "init": .string("random"),
                                    "init_scale": .double(1e-4), "iterations": .int(3000), "stop_below": .double(1e-12)])
        let outcome = try model.run(seeds: seeds, record: RecordPolicy(every: 5))
        #expect(outcome.status == .ok)
        #expect(try #require(outcome.metrics["final_error"]) < 1e-12)
        #expect(try #require(outcome.metrics["learning_order_21"]) > 1)
        let eigen = try #require(outcome.series["eigenvalue_1"]?.values.last)
        #expect(abs(eigen - 2) < 1e-10)
    }

    /// SubGM with a geometric step recovers X* exactly despite 10% outliers (r' = r): its ℓ1
    /// loss ends at the loss of the truth, (1/m)Σ|sᵢ|.
    @Test func subgmRecoversDespiteOutliers() throws {
        let model = try smallModel(["noise": .string("outliers"), "outlier_fraction": .double(0.1),
                                    "step": .double(0.3), "decay": .double(0.98),
                                    "iterations": .int(1500), "stop_below": .double(1e-9)])
        let outcome = try model.run(seeds: seeds, record: RecordPolicy(every: 50))
        #expect(outcome.status == .ok)
        #expect(try #require(outcome.metrics["final_error"]) < 1e-9)
        let truth = try #require(outcome.metrics["truth_loss"])
        #expect(abs(try #require(outcome.metrics["final_loss"]) - truth) < 1e-6)
    }

    @Test func aHugeStepIsStoredAsDiverged() throws {
        let model = try smallModel(["algorithm": .string("gd-l2"), "step": .double(5), "init_scale": .double(1),
                                    "iterations": .int(200)])
        let outcome = try model.run(seeds: seeds, record: RecordPolicy(every: 1))
        #expect(outcome.status == .diverged)
        let at = try #require(outcome.metrics["diverged_at"])
        #expect(outcome.series["error"]?.steps.last == Int(at) - 1)
        #expect(try #require(outcome.metrics["final_error"]).isFinite)
    }

    @Test func sameSeedsGiveBitIdenticalMetrics() throws {
        let model = try smallModel(["noise": .string("outliers"), "iterations": .int(100), "init": .string("random")])
        let a = try model.run(seeds: seeds, record: RecordPolicy(every: 7))
        let b = try model.run(seeds: seeds, record: RecordPolicy(every: 7))
        #expect(a.metrics.keys.sorted() == b.metrics.keys.sorted())
        for (k, v) in a.metrics { #expect(v.bitPattern == b.metrics[k]?.bitPattern) }
        #expect(a.series == b.series)
    }

    /// A linear curve e_t = 3·e^{−0.05t} has rate 0.05 over the stated window.
    @Test func linearRateOverTheWindow() throws {
        let errors = (0..<600).map { min(5.0, 3 * exp(-0.05 * Double($0))) }
        let summary = ErrorSummary(errors: errors, rateFrom: 1e-1, rateFloor: 1e-10)
        #expect(abs(try #require(summary.linearRate) - 0.05) < 1e-10)
        #expect(summary.metrics["iterations_to_1e-1"] == 69)
    }
}
