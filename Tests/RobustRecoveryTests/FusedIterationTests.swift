import ExperimentKit
@testable import RobustRecovery
import NumericsCore
import Sensing
import Testing

/// The one-pass iterations of `SensingLoop` (packed operator for ℓ2 and noiseless SubGM, dense
/// for SubGM) equal the two-pass reference `SubgradientIteration`, and a batch equals its points
/// run alone.
@Suite struct FusedIterationTests {
    /// |a − b| / max(|b|, tiny).
    func relative(_ a: Double?, _ b: Double?) -> Double {
        guard let a, let b else { return .infinity }
        if a == b { return 0 }
        return abs(a - b) / max(abs(b), 1e-300)
    }

    /// Σ wᵢ·sym(Aᵢ) from the packed operator equals the symmetric part of the full Σ wᵢAᵢ.
    @Test func packedWeightedSumIsTheSymmetricPartOfTheFullOne() throws {
        let model = try smallModel(["noise": .string("outliers")])
        let problem = try instance(of: model, seed: 12)
        let signs = problem.measurements.map { $0 > 0 ? 1.0 : -1.0 }
        var full = Matrix(rows: model.d, columns: model.d)
        try BLAS.gemv(.none, problem.denseOperator.storage, signs, into: &full.elements)
        let expected = 0.5 * (full + full.transposed)
        var workspace = problem.symmetricOperator.makeWorkspace(batch: 1, blockSize: 64)
        // M = 0, so rᵢ = −yᵢ and sign(rᵢ) = −sign(yᵢ).
        try problem.symmetricOperator.fusedPass(measurements: problem.measurements, weight: .sign, scale: -1,
                                                workspace: &workspace)
        var got = Matrix(rows: model.d, columns: model.d)
        problem.symmetricOperator.unpackWeightedSum(workspace.weightedSum, column: 0, into: &got)
        #expect(got.isApproximatelyEqual(to: expected, tolerance: 1e-12 * expected.frobeniusNorm))
    }

    /// 120 iterations on d = 8, r = 2, m = 300 with outliers: every recorded error of the one-point
    /// path (`SensingLoop`; the population dynamics over the population operator) equals the
    /// two-pass reference to 1e-10 relative.
    @Test(arguments: ["subgm", "subgm-noiseless", "gd-l2", "population"])
    func fusedIterationEqualsTheTwoPassReference(algorithm: String) throws {
        let noise = algorithm == "subgm-noiseless" ? "none" : "outliers"
        let model = try smallModel(["algorithm": .string(algorithm), "noise": .string(noise), "iterations": .int(120),
                                    "init": .string("random"), "init_scale": .double(0.1), "step": .double(0.05)])
        let problem = try instance(of: model, seed: 31)
        let seeds = RunSeeds(instance: 31, algorithm: 32)
        let u0 = try model.initialFactor(problem, seeds: seeds)
        var reference = try SubgradientIteration(model: model, instance: problem, u: u0)
        let expected = try reference.run(record: RecordPolicy(every: 1))
        let got = try #require(try RobustRecovery.runTogether([model], seeds: [seeds], record: RecordPolicy(every: 1)).first)
        #expect(got.status == expected.status)
        let finalError = try #require(expected.metrics["final_error"])
        #expect(finalError.isFinite && finalError > 1e-8)
        #expect(relative(got.metrics["final_error"], finalError) <= 1e-10)
        #expect(relative(got.metrics["final_loss"], expected.metrics["final_loss"]) <= 1e-10)
        #expect(Set(got.metrics.keys) == Set(expected.metrics.keys))
        let a = try #require(got.series["error"]), b = try #require(expected.series["error"])
        #expect(a.steps == b.steps)
        #expect(zip(a.values, b.values).allSatisfy { relative($0, $1) <= 1e-10 })
    }

    /// Four points on one instance (different α, η, ρ; one stops early) give in a batch the
    /// outcomes they give alone: status, final error to 1e-9, every metric and series value to
    /// 1e-7 relative (plus 1e-9 absolute: the cross and residual parts are at the rounding level).
    @Test(arguments: ["subgm", "gd-l2"])
    func batchEqualsEachPointAlone(algorithm: String) throws {
        let overrides: [[String: ParameterValue]] = [
            ["init_scale": .double(1e-3), "step": .double(0.1)],
            ["init_scale": .double(1e-2), "step": .double(0.05), "decay": .double(0.99)],
            ["init_scale": .double(1e-4), "step": .double(0.08)],
            ["init_scale": .double(1e-3), "step": .double(0.1), "stop_below": .double(0.7)],
        ]
        let points = try overrides.map {
            try smallModel($0.merging(["algorithm": .string(algorithm), "noise": .string("outliers"),
                                       "init": .string("random"), "iterations": .int(250)]) { $1 })
        }
        #expect(Set(points.map(\.batchKey)).count == 1)
        let seeds = (0..<points.count).map { RunSeeds(instance: 5, algorithm: 500 + UInt64($0)) }
        let record = RecordPolicy(every: 10)
        let batched = try RobustRecovery.run(batch: points, seeds: seeds, record: record)
        #expect(batched.count == points.count)
        for (j, point) in points.enumerated() {
            let alone = try point.run(seeds: seeds[j], record: record)
            #expect(batched[j].status == alone.status)
            #expect(Set(batched[j].metrics.keys) == Set(alone.metrics.keys))
            #expect(relative(batched[j].metrics["final_error"], alone.metrics["final_error"]) <= 1e-9)
            for (name, value) in alone.metrics where value.isFinite {
                let got = batched[j].metrics[name] ?? .nan
                #expect(abs(got - value) <= 1e-7 * abs(value) + 1e-9, "metric \(name)")
            }
            #expect(Set(batched[j].series.keys) == Set(alone.series.keys))
            for (name, b) in alone.series {
                let a = try #require(batched[j].series[name])
                #expect(a.steps == b.steps)
                #expect(zip(a.values, b.values).allSatisfy { abs($0 - $1) <= 1e-7 * abs($1) + 1e-9 }, "series \(name)")
            }
        }
        #expect((batched[3].metrics["iterations_run"] ?? 250) < 250)
    }
}
