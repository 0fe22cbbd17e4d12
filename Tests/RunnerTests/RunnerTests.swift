import ExperimentKit
import Foundation
import ResultStore
@testable import Analysis
@testable import Runner
@testable import repro
import Specs
import Testing

let tinyRunnerSpec = """
    id: runner-tiny
    title: Tiny asymmetric sensing for the runner tests
    paper: xiong2023
    model: matrix-sensing
    params: { n: 6, rank: 1, measurements: 80, parameterization: asymmetric, step: 0.1, iterations: 200 }
    sweep:
      init_scale: [0.5, 0.25]
    replicates: 3
    record: { every: 25 }
    claims:
      - id: median-final-error
        text: median final error at alpha = 0.5
        where: { init_scale: 0.5 }
        metric: final_error
        aggregate: median
        expect: { below: 1.0 }
        source: { calibration: "a test threshold" }
      - id: rate-vs-alpha
        text: rate grows with alpha
        metric: linear_rate
        aggregate: median
        across: init_scale
        statistic: loglog_slope
        expect: { above: 0 }
        source: { calibration: "a test threshold" }
      - id: ratio
        text: ratio of final errors
        where: { init_scale: 0.25 }
        versus: { init_scale: 0.5 }
        metric: final_error
        aggregate: mean
        expect: { above: 0 }
        source: { calibration: "a test threshold" }

    """

func temporaryStorePath() -> String {
    FileManager.default.temporaryDirectory.appendingPathComponent("runner-\(UUID().uuidString)/store.sqlite").path
}

func loadTiny() throws -> Spec {
    try SpecLoader(registry: Models.registry).load(text: tinyRunnerSpec, path: "tiny.yaml")
}

func sweep(_ spec: Spec, into path: String, jobs: Int, rerun: Bool = false) throws -> SweepSummary {
    let store = try ResultStore(path: path)
    let runner = SweepRunner(store: store, registry: Models.registry, provenance: ProvenanceProbe.current(),
                             progress: SilentProgress())
    return try runner.run(spec, options: SweepOptions(jobs: jobs, rerun: rerun))
}

@Suite struct SweepRunnerTests {
    @Test func cachedRunsAreNotRunAgainAndRerunIsBitIdentical() throws {
        let spec = try loadTiny()
        let path = temporaryStorePath()
        let first = try sweep(spec, into: path, jobs: 2)
        #expect(first.planned == 6 && first.ok == 6 && first.cached == 0)
        let second = try sweep(spec, into: path, jobs: 2)
        #expect(second.executed == 0 && second.cached == 6)
        let store = try ResultStore(readingAt: path)
        let before = try store.runs(specID: spec.id)
        let third = try sweep(spec, into: path, jobs: 1, rerun: true)
        #expect(third.executed == 6)
        let after = try store.runs(specID: spec.id)
        #expect(before.count == 6 && after.count == 6)
        for (a, b) in zip(before, after) {
            #expect(a.record.key == b.record.key)
            #expect(a.metrics.keys.sorted() == b.metrics.keys.sorted())
            for (name, value) in a.metrics { #expect(value.bitPattern == b.metrics[name]?.bitPattern) }
        }
    }

    @Test func oneAndTwoJobsGiveTheSameStore() throws {
        let spec = try loadTiny()
        let p1 = temporaryStorePath(), p2 = temporaryStorePath()
        _ = try sweep(spec, into: p1, jobs: 1)
        _ = try sweep(spec, into: p2, jobs: 2)
        let a = try ResultStore(readingAt: p1).runs(specID: spec.id)
        let b = try ResultStore(readingAt: p2).runs(specID: spec.id)
        #expect(a.map(\.record.key) == b.map(\.record.key))
        #expect(a.map(\.metrics) == b.map(\.metrics))
    }

    @Test func pointsDifferingOnlyInInitScaleShareTheInstance() throws {
        let points = try SweepRunner.plan(try loadTiny(), registry: Models.registry)
        let replicate0 = points.filter { $0.replicate == 0 }
        #expect(replicate0.count == 2)
        #expect(replicate0[0].identity.seeds.instance == replicate0[1].identity.seeds.instance)
        #expect(replicate0[0].identity.seeds.algorithm != replicate0[1].identity.seeds.algorithm)
    }
}

@Suite struct ClaimEvaluatorTests {
    @Test func claimsAreComputedFromTheStoredMetrics() throws {
        let spec = try loadTiny()
        let path = temporaryStorePath()
        _ = try sweep(spec, into: path, jobs: 2)
        let store = try ResultStore(readingAt: path)
        let schema = try #require(Models.registry.schema(of: spec.model))
        let runs = try Study(spec: spec, schema: schema, store: store).runs
        let verdicts = ClaimEvaluator().evaluate(spec, runs: runs)
        #expect(verdicts.count == 3)

        func errors(_ alpha: Double) -> [Double] {
            runs.filter { $0.point.parameters["init_scale"] == .double(alpha) }.compactMap { $0.stored?.metrics["final_error"] }
        }
        let big = errors(0.5).sorted(), small = errors(0.25)
        #expect(big.count == 3 && small.count == 3)
        #expect(verdicts[0].measured == big[1])
        let mean = { (xs: [Double]) in xs.reduce(0, +) / Double(xs.count) }
        let ratio = try #require(verdicts[2].measured)
        #expect(abs(ratio - mean(small) / mean(big)) <= 1e-12 * ratio)
        #expect(verdicts[1].detail.contains("init_scale →"))
    }

    @Test func statisticsOverAxisValues() throws {
        let power: [(x: Double, y: Double)] = [0.05, 0.1, 0.2, 0.5].map { ($0, 3 * $0 * $0) }
        #expect(abs(try #require(ClaimEvaluator.statistic(.loglogSlope, power)) - 2) < 1e-12)
        #expect(ClaimEvaluator.statistic(.maxOverMin, [(1, 2), (2, 3), (3, 2.5)]) == 1.5)
        #expect(ClaimEvaluator.statistic(.slope, [(0, 1), (1, 3), (2, 5)]) == 2)
        #expect(ClaimEvaluator.statistic(.min, [(0, 1), (1, -3)]) == -3)
        #expect(ClaimEvaluator.statistic(.maxOverMin, [(1, 0), (2, 3)]) == nil)
        #expect(ClaimEvaluator.statistic(.maxMinusMin, [(1, 0), (2, 0.6), (3, 0.5)]) == 0.6)
    }

    @Test func aggregates() {
        #expect(Aggregate.median.apply([10, 1, 2]) == 2)
        #expect(Aggregate.mean.apply([1, 2, 6]) == 3)
        #expect(abs(Aggregate.std.apply([1, 2, 3, 4]) - 1.2909944487358056) < 1e-15)
        #expect(Aggregate.max.apply([1, .infinity]) == .infinity)
        #expect(Aggregate.mean.apply([]).isNaN)
        // mean 2.5, s = 1.2909944, t_{0.975,3} = 3.1824463 (table): half-width 2.0542603.
        #expect(abs(Aggregate.ci95Low.apply([1, 2, 3, 4]) - (2.5 - 2.0542603)) < 1e-6)
        #expect(abs(Aggregate.ci95High.apply([1, 2, 3, 4]) - (2.5 + 2.0542603)) < 1e-6)
        #expect(Aggregate.ci95Low.apply([1]).isNaN)
    }

    @Test func missingRunsMakeAClaimIncomplete() throws {
        let spec = try loadTiny()
        let store = try ResultStore(path: temporaryStorePath())
        let schema = try #require(Models.registry.schema(of: spec.model))
        let runs = try Study(spec: spec, schema: schema, store: store).runs
        let verdict = ClaimEvaluator().evaluate(spec.claims[0], runs: runs)
        #expect(verdict.measured == nil && verdict.verdict == .incomplete)
        #expect(verdict.entered == 0 && verdict.planned == 3)
        #expect(verdict.detail.contains("3 not run"))
    }
}
