import ExperimentKit
import Foundation
import NumericsCore
@testable import SensitivitySampling
import Testing

/// The sampler hits its expected size, and the distortion estimator meets its p = 2 oracle.
@Suite struct SamplingTests {
    @Test func bisectionHitsTheTargetSize() {
        let scores = (1...500).map { 1 / Double($0) }
        let sampler = ImportanceSampler(scores: scores, target: 40)
        #expect(abs(sampler.expectedSize - 40) < 1e-9)
        for (s, q) in zip(scores, sampler.probabilities) { #expect(abs(q - min(1, s / sampler.threshold)) < 1e-15) }
        #expect(sampler.probabilities[0] == 1)
    }

    @Test func estimatorReturnsTheExactValueAtP2() throws {
        let q = try basis(.heavyTailed, n: 150, d: 4, seed: 9)
        var g = Xoshiro256StarStar(seed: 1)
        let sampler = ImportanceSampler(scores: q.leverageScores, target: 40)
        let estimator = DistortionEstimator(basis: q, p: 2, maximizers: nil, randomDirections: 8, starts: 2,
                                            ascentSteps: 400, using: &g)
        for _ in 0..<3 {
            let sample = sampler.draw(using: &g)
            let exact = try DistortionEstimator.exactForPEqualsTwo(basis: q, sample: sample)
            let estimate = estimator.estimate(sample)
            #expect(estimate <= exact * (1 + 1e-12))
            #expect(abs(estimate - exact) <= 1e-6 * exact, "estimate \(estimate), exact \(exact)")
        }
    }

    @Test func modelRunReportsScoresPerRow() throws {
        let run = try model(["matrix": .string("heavy-tailed"), "p": .double(1.5), "scores": .string("lewis")])
        let outcome = try run.run(seeds: RunSeeds(instance: 1, algorithm: 2), record: RecordPolicy(every: 50))
        #expect(outcome.status == .ok)
        #expect(outcome.series["sensitivity"]?.steps == Array(0..<120))
        #expect(outcome.series["lewis"]?.count == 120)
        #expect(abs((outcome.metrics["expected_sample_size"] ?? 0) - 60) < 1e-6)
        #expect((outcome.metrics["regression_ratio_median"] ?? 0) >= 1 - 1e-9)
        #expect(outcome.metrics["violations_lewis_bound"] == 0)
    }
}
