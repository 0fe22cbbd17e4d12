import ExperimentKit
@testable import MatrixSensing
import NumericsCore
import Sensing
import Testing

/// The symmetric model's one-pass iteration over the packed operator equals the two-pass
/// full-operator reference, and a batch equals its points run alone.
@Suite struct FusedDescentTests {
    /// |a − b| / max(|b|, tiny).
    func relative(_ a: Double?, _ b: Double?) -> Double {
        guard let a, let b else { return .infinity }
        if a == b { return 0 }
        return abs(a - b) / max(abs(b), 1e-300)
    }

    /// Whether two messages say the same words with numbers equal within `tolerance` (relative):
    /// a batch and a lone run sum in different orders, so the numbers they print may differ in
    /// the last digits.
    func sameMessage(_ a: String?, _ b: String?, tolerance: Double) -> Bool {
        guard let a, let b else { return a == b }
        let number = /-?[0-9]+(\.[0-9]+)?([eE][-+]?[0-9]+)?/
        let words = { (s: String) in s.replacing(number, with: "#") }
        let numbers = { (s: String) in s.matches(of: number).compactMap { Double(String($0.output.0)) } }
        let x = numbers(a), y = numbers(b)
        return words(a) == words(b) && x.count == y.count && zip(x, y).allSatisfy { relative($0, $1) <= tolerance }
    }

    @Test func packedInstanceDrawsTheSameOperatorAndMeasurements() throws {
        var g = Xoshiro256StarStar(seed: 21)
        let both = try SensingInstance(n: 7, spectrum: [1, 0.5], measurementCount: 50, storage: .both, using: &g)
        var h = Xoshiro256StarStar(seed: 21)
        let packed = try SensingInstance(n: 7, spectrum: [1, 0.5], measurementCount: 50, storage: .symmetricPacked, using: &h)
        #expect(both.groundTruth == packed.groundTruth)
        #expect(both.symmetricOperator?.packed == packed.symmetricOperator?.packed)
        #expect(packed.sensingOperator.elements.isEmpty)
        for i in 0..<50 {
            #expect(abs(both.measurements[i] - packed.measurements[i]) <= 1e-12 * (1 + abs(both.measurements[i])))
        }
    }

    /// 150 iterations of n = 8, r = 2, m = 160 (well conditioned): the one-point path (`SensingLoop`
    /// over the packed operator) and `FactoredGradientDescent` (full operator, residuals and gradient in two passes) agree
    /// on every recorded error to 1e-10 relative.
    @Test func fusedIterationEqualsTheTwoPassReference() throws {
        let model = try smallModel(["iterations": .int(150)])
        var g = Xoshiro256StarStar(seed: 5)
        let instance = try SensingInstance(n: model.n, spectrum: model.spectrum, measurementCount: model.measurementCount,
                                           storage: .both, using: &g)
        let x0 = model.initialFactors(seeds: RunSeeds(instance: 5, algorithm: 6)).0
        var reference = FactoredGradientDescent(model: model, instance: instance, f: x0, g: nil)
        let expected = try reference.run(record: RecordPolicy(every: 1))
        let got = try #require(try MatrixSensing.runTogether([model], seeds: [RunSeeds(instance: 5, algorithm: 6)],
                                                             record: RecordPolicy(every: 1)).first)
        #expect(got.status == .ok && expected.status == .ok)
        let finalError = try #require(expected.metrics["final_error"])
        #expect(finalError.isFinite && finalError > 1e-8)
        #expect(relative(got.metrics["final_error"], finalError) <= 1e-10)
        #expect(relative(got.metrics["final_loss"], expected.metrics["final_loss"]) <= 1e-9)
        let a = try #require(got.series["error"]), b = try #require(expected.series["error"])
        #expect(a.steps == b.steps)
        #expect(zip(a.values, b.values).allSatisfy { relative($0, $1) <= 1e-10 })
    }

    /// Four points on one instance (different α and η; one diverges, one stops early) give in a
    /// batch the outcomes they give alone.
    @Test func batchEqualsEachPointAlone() throws {
        let overrides: [[String: ParameterValue]] = [
            ["init_scale": .double(0.5), "step": .double(0.1)],
            ["init_scale": .double(0.2), "step": .double(0.15)],
            ["init_scale": .double(0.5), "step": .double(40), "blowup": .double(1e3)],
            ["init_scale": .double(1.0), "step": .double(0.1), "stop_below": .double(1e-3)],
        ]
        let points = try overrides.map { try smallModel($0.merging(["iterations": .int(300)]) { $1 }) }
        #expect(Set(points.map(\.batchKey)).count == 1)
        let seeds = (0..<points.count).map { RunSeeds(instance: 77, algorithm: 1000 + UInt64($0)) }
        let record = RecordPolicy(every: 7)
        let batched = try MatrixSensing.run(batch: points, seeds: seeds, record: record)
        #expect(batched.count == points.count)
        for (j, point) in points.enumerated() {
            let alone = try point.run(seeds: seeds[j], record: record)
            #expect(batched[j].status == alone.status)
            #expect(sameMessage(batched[j].message, alone.message, tolerance: 1e-9),
                    "\(batched[j].message ?? "nil") vs \(alone.message ?? "nil")")
            #expect(Set(batched[j].metrics.keys) == Set(alone.metrics.keys))
            #expect(relative(batched[j].metrics["final_error"], alone.metrics["final_error"]) <= 1e-9)
            #expect(batched[j].metrics["iterations_run"] == alone.metrics["iterations_run"])
            for name in ["error", "loss"] {
                let a = try #require(batched[j].series[name]), b = try #require(alone.series[name])
                #expect(a.steps == b.steps)
                #expect(zip(a.values, b.values).allSatisfy { relative($0, $1) <= 1e-9 })
            }
        }
        #expect(batched[2].status == .diverged)
        #expect((batched[3].metrics["iterations_run"] ?? 300) < 300)
    }

    /// The asymmetric models (plain and rebalanced): the fused one-pass iteration over the
    /// full operator equals `FactoredGradientDescent` (two passes) on every error to 1e-10
    /// relative, and the rebalanced run switches at the same iteration.
    @Test(arguments: ["asymmetric", "asymmetric-rebalanced"])
    func asymmetricFusedIterationEqualsTheTwoPassReference(parameterization: String) throws {
        let model = try smallModel(["iterations": .int(150), "parameterization": .string(parameterization),
                                    "search_rank": .int(3), "switch_below": .double(0.3)])
        var g = Xoshiro256StarStar(seed: 8)
        let instance = try SensingInstance(n: model.n, spectrum: model.spectrum, measurementCount: model.measurementCount,
                                           using: &g)
        let (f0, g0) = model.initialFactors(seeds: RunSeeds(instance: 8, algorithm: 9))
        let gStart = try #require(g0)
        var reference = FactoredGradientDescent(model: model, instance: instance, f: f0, g: gStart)
        let expected = try reference.run(record: RecordPolicy(every: 1))
        let got = try #require(try MatrixSensing.runTogether([model], seeds: [RunSeeds(instance: 8, algorithm: 9)],
                                                             record: RecordPolicy(every: 1)).first)
        #expect(got.status == .ok && expected.status == .ok)
        let finalError = try #require(expected.metrics["final_error"])
        #expect(finalError.isFinite && finalError > 1e-8)
        #expect(relative(got.metrics["final_error"], finalError) <= 1e-10)
        // The same computation on the same factors; the test process does not pin OpenBLAS to one
        // thread, and a split over threads may round differently.
        #expect(relative(got.metrics["lambda_min_imbalance0"], expected.metrics["lambda_min_imbalance0"]) <= 1e-12)
        #expect(got.metrics["switch_iteration"] == expected.metrics["switch_iteration"])
        if parameterization == "asymmetric-rebalanced" {
            #expect((expected.metrics["switch_iteration"] ?? .infinity) < 150)
        }
        let a = try #require(got.series["error"]), b = try #require(expected.series["error"])
        #expect(a.steps == b.steps)
        #expect(zip(a.values, b.values).allSatisfy { relative($0, $1) <= 1e-10 })
    }

    /// Four asymmetric points on one instance (different α and η; one diverges, one stops
    /// early) give in a batch the outcomes they give alone.
    @Test func asymmetricBatchEqualsEachPointAlone() throws {
        let overrides: [[String: ParameterValue]] = [
            ["init_scale": .double(0.5), "step": .double(0.1)],
            ["init_scale": .double(0.2), "step": .double(0.15)],
            ["init_scale": .double(0.5), "step": .double(40), "blowup": .double(1e3)],
            ["init_scale": .double(1.0), "step": .double(0.1), "stop_below": .double(1e-2)],
        ]
        let points = try overrides.map {
            try smallModel($0.merging(["iterations": .int(300), "parameterization": .string("asymmetric")]) { $1 })
        }
        #expect(Set(points.map(\.batchKey)).count == 1)
        let seeds = (0..<points.count).map { RunSeeds(instance: 78, algorithm: 2000 + UInt64($0)) }
        let record = RecordPolicy(every: 7)
        let batched = try MatrixSensing.run(batch: points, seeds: seeds, record: record)
        #expect(batched.count == points.count)
        for (j, point) in points.enumerated() {
            let alone = try point.run(seeds: seeds[j], record: record)
            #expect(batched[j].status == alone.status)
            #expect(Set(batched[j].metrics.keys) == Set(alone.metrics.keys))
            #expect(relative(batched[j].metrics["final_error"], alone.metrics["final_error"]) <= 1e-9)
            #expect(batched[j].metrics["iterations_run"] == alone.metrics["iterations_run"])
        }
        #expect(batched[2].status == .diverged)
        #expect((batched[3].metrics["iterations_run"] ?? 300) < 300)
    }
}
