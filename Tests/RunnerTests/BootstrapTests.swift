@testable import Analysis
import ExperimentKit
import Foundation
import NumericsCore
@testable import Runner
@testable import repro
import Specs
import Testing

/// P(PASS) over bootstrap resamples of the replicates, margins, and documented deviations.
@Suite struct BootstrapTests {
    /// The synthetic runs at k = 1, α = 0.5 have linear_rate 0.5, 0.6, 0.7 (replicates 0, 1, 2).
    func claim(_ expect: Specs.Expectation, aggregate: Aggregate = .median, deviation: Deviation? = nil) -> Claim {
        var claim = Claim(id: "c", text: "c", filter: ParameterSet(["search_rank": .int(1), "init_scale": .double(0.5)]),
                          metric: "linear_rate", aggregate: aggregate, expect: expect)
        claim.source = ClaimSource(calibration: "test")
        claim.deviation = deviation
        return claim
    }

    @Test func probabilityOfPassIsExactForThreeReplicates() throws {
        let runs = try syntheticRuns(try loadSynthetic())
        // The median of three draws with replacement from {0.5, 0.6, 0.7} is below 0.62 when at
        // least two draws are ≤ 0.6: 3·(2/3)²·(1/3) + (2/3)³ = 20/27.
        let v = ClaimEvaluator().evaluate(claim(.below(0.62)), runs: runs, replicates: 3, seed: 1)
        #expect(v.verdict == .pass && v.measured == 0.6)
        #expect(abs((v.probability ?? -1) - 20.0 / 27.0) < 1e-15)
        #expect(v.isFragile)
        #expect(abs((v.margin ?? 0) - 0.02 / 0.62) < 1e-12)

        // The replicates a stable verdict needs, from the 27 medians computed here by hand.
        let values = [0.5, 0.6, 0.7]
        var medians: [Double] = []
        for a in values { for b in values { for c in values { medians.append([a, b, c].sorted()[1]) } } }
        let mean = medians.reduce(0, +) / 27
        let sd = (medians.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / 26).squareRoot()
        let needed = max(4, Int((3 * pow(1.2816 * sd / 0.02, 2)).rounded(.up)))
        #expect(v.replicatesNeeded == needed && needed > 3)

        // Far from the bound: every resample passes, nothing is fragile.
        let sure = ClaimEvaluator().evaluate(claim(.above(0.15)), runs: runs, replicates: 3, seed: 1)
        #expect(sure.probability == 1 && !sure.isFragile && sure.replicatesNeeded == nil)
        // max below 0.65: only the 8 resamples without replicate 2 pass.
        let max = ClaimEvaluator().evaluate(claim(.below(0.65), aggregate: .max), runs: runs, replicates: 3, seed: 1)
        #expect(max.verdict == .fail && abs((max.probability ?? -1) - 8.0 / 27.0) < 1e-15)
    }

    @Test func manyReplicatesAreSampledWithAFixedSeed() throws {
        let spec = try loadSynthetic()
        var five = spec
        five.replicates = 5
        let runs = try SweepRunner.plan(five, registry: Models.registry).map { point in
            PlannedRun(point: point, stored: storedRun(point, metrics: ["linear_rate": Double(point.replicate)]))
        }
        // Mean of five draws from {0, …, 4} below 2.4: sampled (5⁵ = 3125 > 1000 resamples).
        let a = ClaimEvaluator().evaluate(claim(.below(2.4), aggregate: .mean), runs: runs, replicates: 5, seed: 7)
        let b = ClaimEvaluator().evaluate(claim(.below(2.4), aggregate: .mean), runs: runs, replicates: 5, seed: 7)
        let p = try #require(a.probability)
        #expect(p == b.probability, "the same seed gives the same P(PASS)")
        // Exactly, 2118 of the 3125 draws have a sum below 12 (0.6778); 1000 resamples are
        // within ±0.05 of it with probability above 0.999.
        #expect(abs(p - 2118.0 / 3125.0) < 0.05)
    }

    @Test func aDocumentedDeviationDeviatesAndAPassingOneIsOutOfDate() throws {
        let runs = try syntheticRuns(try loadSynthetic())
        let deviation = Deviation(measured: "0.6", tried: "a second implementation", explanation: "finite m")
        let deviates = ClaimEvaluator().evaluate(claim(.below(0.4), deviation: deviation), runs: runs, replicates: 3)
        #expect(deviates.verdict == .deviates && !deviates.deviationOutOfDate)
        let outdated = ClaimEvaluator().evaluate(claim(.below(0.9), deviation: deviation), runs: runs, replicates: 3)
        #expect(outdated.verdict == .pass && outdated.deviationOutOfDate)
        #expect(outdated.label == "PASS (deviation out of date)")
        // A documented deviation is a value that misses: with nothing measured, the claim fails.
        var unmeasured = claim(.below(0.4), deviation: deviation)
        unmeasured.metric = "iterations_run"
        let nothing = ClaimEvaluator().evaluate(unmeasured, runs: runs, replicates: 3)
        #expect(nothing.measured == nil && nothing.verdict == .fail)
        let failing = ClaimEvaluator().evaluate(claim(.below(0.4)), runs: runs, replicates: 3)
        #expect(failing.verdict == .fail && (failing.margin ?? 0) < 0)
    }

    /// A claim across an axis is measured only when every value of the axis has a value: a
    /// statistic over the values that have one would hide the others.
    @Test func aClaimAcrossAnAxisNeedsEveryAxisValue() throws {
        let spec = try loadSynthetic()
        let runs = try SweepRunner.plan(spec, registry: Models.registry).map { point in
            let k = point.parameters["search_rank"]?.asDouble ?? 0
            return PlannedRun(point: point, stored: storedRun(point, metrics: k == 1 ? ["linear_rate": 0.5] : [:]))
        }
        var claim = Claim(id: "c", text: "c", filter: ParameterSet(["init_scale": .double(0.5)]), metric: "linear_rate",
                          across: "search_rank", statistic: .maxOverMin, expect: .below(1.1))
        claim.source = ClaimSource(calibration: "test")
        let v = ClaimEvaluator().evaluate(claim, runs: runs, replicates: 3)
        #expect(v.measured == nil && v.verdict == .fail && v.runsText == "3/6")
        #expect(v.detail.contains("not measured at search_rank = 2"))
        let all = runs.map { PlannedRun(point: $0.point, stored: storedRun($0.point, metrics: ["linear_rate": 0.5])) }
        #expect(ClaimEvaluator().evaluate(claim, runs: all, replicates: 3).verdict == .pass)
    }

    /// `min`, `max` and their difference and ratio read only the aggregates, so they also take an
    /// axis of names; a slope over names is not measured, and says why.
    @Test func aClaimAcrossAnAxisOfNames() throws {
        let spec = try SpecLoader(registry: Models.registry).load(text: """
            id: names
            title: An axis of names
            paper: xiong2023
            model: matrix-sensing
            params: { n: 6, rank: 1, measurements: 80, step: 0.1, iterations: 200 }
            sweep: { parameterization: [symmetric, asymmetric] }
            replicates: 2
            """, path: "names.yaml")
        let runs = try SweepRunner.plan(spec, registry: Models.registry).map { point in
            let symmetric = point.parameters["parameterization"] == .string("symmetric")
            return PlannedRun(point: point, stored: storedRun(point, metrics: ["linear_rate": symmetric ? 0.5 : 0.2]))
        }
        var claim = Claim(id: "c", text: "c", filter: ParameterSet([:]), metric: "linear_rate",
                          across: "parameterization", statistic: .max, expect: .below(0.6))
        claim.source = ClaimSource(calibration: "test")
        let largest = ClaimEvaluator().evaluate(claim, runs: runs, replicates: 2)
        #expect(largest.measured == 0.5 && largest.verdict == .pass)
        #expect(largest.detail.contains("parameterization → asymmetric: 0.2, symmetric: 0.5"))
        claim.statistic = .maxMinusMin
        #expect(abs((ClaimEvaluator().evaluate(claim, runs: runs, replicates: 2).measured ?? 0) - 0.3) < 1e-15)
        claim.statistic = .slope
        let slope = ClaimEvaluator().evaluate(claim, runs: runs, replicates: 2)
        #expect(slope.measured == nil && slope.verdict == .fail)
        #expect(slope.detail.contains("slope needs numeric values"))
    }

    @Test func marginsAreRelativeToTheBound() {
        #expect(Specs.Expectation.below(2).margin(1) == 0.5)
        #expect(Specs.Expectation.above(2).margin(1) == -0.5)
        #expect(Specs.Expectation.between(0, 4).margin(1) == 0.25)
        #expect(Specs.Expectation.near(1, tolerance: 0.5).margin(1.25) == 0.5)
        #expect(Specs.Expectation.below(0).margin(-0.3) == 0.3)
    }
}
