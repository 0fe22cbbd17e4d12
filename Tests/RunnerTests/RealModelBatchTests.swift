import ExperimentKit
import Foundation
import ResultStore
@testable import Analysis
@testable import Runner
@testable import repro
import Specs
import Testing

/// Tiny robust-recovery sweep: two initialization scales share each replicate's instance.
let tinyRecoverySpec = """
    id: runner-tiny-recovery
    title: Tiny SubGM for the batch tests
    paper: ma2022
    model: robust-recovery
    params: { d: 8, rank: 2, spectrum: [2, 1], measurements: 120, noise: outliers, outlier_fraction: 0.1,
              outlier_std: 10, algorithm: subgm, search_rank: 4, step: 0.5, decay: 0.99, iterations: 200 }
    sweep:
      init_scale: [1.0e-3, 1.0e-6]
    replicates: 2
    record: { every: 20 }

    """

/// The registered models, batched or not: `--batch 8` stores the same runs as `--batch 1`, within
/// floating-point reassociation. Until a model conforms to `BatchExperiment` its points run
/// alone and the stores are equal bit for bit; once it conforms, this checks its batched path.
@Suite struct RealModelBatchTests {
    @Test(arguments: [tinyRunnerSpec, tinyRecoverySpec])
    func batchedAndOneByOneStoresAgree(_ text: String) throws {
        let spec = try SpecLoader(registry: Models.registry).load(text: text, path: "tiny.yaml")
        let batchedPath = temporaryStorePath(), singlePath = temporaryStorePath()
        for (path, batch) in [(batchedPath, 8), (singlePath, 1)] {
            let runner = SweepRunner(store: try ResultStore(path: path), registry: Models.registry,
                                     provenance: ProvenanceProbe.current(), progress: SilentProgress())
            let summary = try runner.run(spec, options: SweepOptions(jobs: 2, batch: batch))
            #expect(summary.executed == summary.planned && summary.planned > 0)
        }
        let batched = try ResultStore(readingAt: batchedPath), single = try ResultStore(readingAt: singlePath)
        let a = try batched.runs(specID: spec.id), b = try single.runs(specID: spec.id)
        #expect(a.map(\.record.key) == b.map(\.record.key))
        for (x, y) in zip(a, b) {
            #expect(x.record.status == y.record.status && x.metrics.keys.sorted() == y.metrics.keys.sorted())
            for (name, value) in x.metrics {
                let other = y.metrics[name] ?? .nan
                let close = value == other || abs(value - other) <= 1e-10 + 1e-6 * max(abs(value), abs(other))
                #expect(close, "\(spec.model) run \(x.record.key) metric \(name): \(value) batched, \(other) alone")
            }
            for name in try single.seriesNames(runKey: y.record.key) {
                let s = try batched.series(runKey: x.record.key, name: name), t = try single.series(runKey: y.record.key, name: name)
                #expect(s?.steps == t?.steps, "\(spec.model) series \(name)")
            }
        }
        // The runner batches such a model's points by instance: never more than one instance per batch.
        let points = try SweepRunner.plan(spec, registry: Models.registry)
        let batches = SweepRunner.batches(points, model: spec.model, registry: Models.registry, cap: 8)
        #expect(batches.allSatisfy { Set($0.map(\.identity.seeds.instance)).count == 1 })
        #expect(batches.map(\.count).reduce(0, +) == points.count)
    }
}
