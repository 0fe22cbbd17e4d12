import ExperimentKit
import Foundation
import ResultStore
@testable import Analysis
@testable import Runner
@testable import repro
import Specs
import Testing

/// Sweeps `spec` of the counting model into the store at `path`.
func countingSweep(_ spec: Spec, into path: String, _ options: SweepOptions) throws -> SweepSummary {
    let runner = SweepRunner(store: try ResultStore(path: path), registry: countingRegistry,
                             provenance: ProvenanceProbe.current(), progress: SilentProgress())
    return try runner.run(spec, options: options)
}

/// The stored runs of `spec` with their `trace` series, in plan order.
func storedWithTraces(_ spec: Spec, at path: String) throws -> [(run: StoredRun, trace: SeriesData?)] {
    let store = try ResultStore(readingAt: path)
    return try store.runs(specID: spec.id).map { ($0, try store.series(runKey: $0.record.key, name: "trace")) }
}

@Suite struct BatchRunnerTests {
    @Test func batchesGroupByInstanceSeedAndBatchKeyUpToTheCapWhateverTheJobs() throws {
        // 5 offsets × 2 schemes × 2 replicates: 4 groups (replicate × scheme) of 5 points;
        // cap 3 cuts each into 3 + 2 in plan order.
        let spec = try countingSpec(id: "group", tag: "group", sweep: "{ offset: [1, 2, 3, 4, 5], scheme: [a, b] }")
        let summary = try countingSweep(spec, into: temporaryStorePath(), SweepOptions(jobs: 2, batch: 3))
        #expect(summary.ok == 20 && summary.executed == 20)
        let made = calls(tagged: "group")
        #expect(made.count == 8 && made.allSatisfy(\.batched))
        #expect(made.map(\.offsets.count).sorted() == [2, 2, 2, 2, 3, 3, 3, 3])
        #expect(made.map(\.offsets).filter { $0 == [1, 2, 3] }.count == 4)
        #expect(made.map(\.offsets).filter { $0 == [4, 5] }.count == 4)
        for call in made {
            #expect(Set(call.instanceSeeds).count == 1 && Set(call.schemes).count == 1, "\(call)")
        }
        #expect(Set(made.flatMap(\.instanceSeeds)).count == 2, "one instance per replicate")

        let again = try countingSpec(id: "group-1job", tag: "group-1job",
                                     sweep: "{ offset: [1, 2, 3, 4, 5], scheme: [a, b] }")
        _ = try countingSweep(again, into: temporaryStorePath(), SweepOptions(jobs: 1, batch: 3))
        let oneJob = calls(tagged: "group-1job").map(\.offsets)
        #expect(oneJob.sorted { $0.lexicographicallyPrecedes($1) } == made.map(\.offsets).sorted { $0.lexicographicallyPrecedes($1) })
    }

    @Test func batchesArePlanOrderChunksAndUnbatchablePointsRunAlone() throws {
        let spec = try countingSpec(id: "plan", tag: "plan", sweep: "{ offset: [1, 2, 3], scheme: [a, b] }", replicates: 1)
        let points = try SweepRunner.plan(spec, registry: countingRegistry)
        func offsets(_ batches: [[RunPoint]]) -> [[Double]] {
            batches.map { $0.compactMap { $0.parameters["offset"]?.asDouble } }
        }
        let scheme = { (p: RunPoint) -> String? in p.parameters["scheme"].map { "\($0)" } }
        #expect(offsets(SweepRunner.batches(points, cap: 2, key: scheme)) == [[1, 2], [1, 2], [3], [3]])
        #expect(offsets(SweepRunner.batches(points, cap: 8, key: scheme)) == [[1, 2, 3], [1, 2, 3]])
        #expect(offsets(SweepRunner.batches(points, cap: 1, key: scheme)) == [[1], [1], [2], [2], [3], [3]])
        #expect(SweepRunner.batches(points, cap: 8) { _ in nil }.map(\.count) == [1, 1, 1, 1, 1, 1])
        // A point whose parameters do not build an experiment gets no batch key: it runs alone.
        #expect(countingRegistry.batchKey(model: "counting-batch", point: points[0]) == "3 a none")
        var broken = points[0]
        broken.parameters.values["offset"] = .string("x")
        #expect(countingRegistry.batchKey(model: "counting-batch", point: broken) == nil)
        #expect(Models.registry.batchKey(model: "matrix-sensing", point: points[0]) == nil)
    }

    @Test func aBatchedStoreEqualsTheOneByOneStore() throws {
        let sweepText = "{ offset: [0.5, 1.5, 2.5], scheme: [a, b], fault: [none, point] }"
        let batched = try countingSpec(id: "same", tag: "same-batched", sweep: sweepText)
        let single = try countingSpec(id: "same", tag: "same-single", sweep: sweepText)
        let pb = temporaryStorePath(), ps = temporaryStorePath()
        let sb = try countingSweep(batched, into: pb, SweepOptions(jobs: 2))
        let ss = try countingSweep(single, into: ps, SweepOptions(jobs: 2, batch: 1))
        #expect(sb.ok == 12 && sb.failed == 12 && ss.ok == 12 && ss.failed == 12)
        #expect(calls(tagged: "same-batched").allSatisfy(\.batched) && calls(tagged: "same-batched").count == 8)
        #expect(calls(tagged: "same-single").allSatisfy { !$0.batched } && calls(tagged: "same-single").count == 24)

        // The tags differ, so the keys do: compare point by point in plan order, keys aside.
        let a = try storedWithTraces(batched, at: pb), b = try storedWithTraces(single, at: ps)
        #expect(a.count == 24 && b.count == 24)
        for (x, y) in zip(a, b) {
            #expect(x.run.record.replicate == y.run.record.replicate)
            #expect(x.run.record.instanceSeed == y.run.record.instanceSeed)
            #expect(x.run.record.status == y.run.record.status && x.run.record.message == y.run.record.message)
            #expect(x.run.metrics["value"]?.bitPattern == y.run.metrics["value"]?.bitPattern)
            #expect(x.run.metrics.keys.sorted() == y.run.metrics.keys.sorted())
            #expect(x.trace?.values == y.trace?.values && x.trace?.steps == y.trace?.steps)
            #expect(x.run.record.wallSeconds >= 0)
        }
        let plannedKeys = try SweepRunner.plan(batched, registry: countingRegistry).map(\.identity.key)
        #expect(Set(a.map(\.run.record.key)) == Set(plannedKeys), "one run per point, under the point's key")
        #expect(a.filter { $0.run.record.status == "failed" }.allSatisfy { $0.run.record.message == "point failed on purpose" })
    }

    @Test func resumeRunsOnlyTheMissingPointsInNewBatches() throws {
        let path = temporaryStorePath()
        let partial = try countingSpec(id: "resume", tag: "resume", sweep: "{ offset: [1, 2] }")
        #expect(try countingSweep(partial, into: path, SweepOptions()).ok == 4)
        let full = try countingSpec(id: "resume", tag: "resume", sweep: "{ offset: [1, 2, 3, 4, 5] }")
        let before = calls(tagged: "resume").count
        let summary = try countingSweep(full, into: path, SweepOptions(jobs: 2))
        #expect(summary.cached == 4 && summary.executed == 6 && summary.ok == 6)
        let resumed = Array(calls(tagged: "resume").dropFirst(before))
        #expect(resumed.count == 2 && resumed.allSatisfy { $0.offsets == [3, 4, 5] }, "\(resumed)")
        let store = try ResultStore(readingAt: path)
        #expect(try store.runCount() == 10 && store.runs(specID: "resume").count == 10)
        #expect(try countingSweep(full, into: path, SweepOptions()).executed == 0)
    }

    @Test func aThrowingBatchFailsEveryPointAndTheSweepGoesOn() throws {
        let path = temporaryStorePath()
        let spec = try countingSpec(id: "throw", tag: "throw", sweep: "{ fault: [throw, none, short], offset: [1, 2, 3] }",
                                    replicates: 1)
        let summary = try countingSweep(spec, into: path, SweepOptions(jobs: 2))
        #expect(summary.ok == 3 && summary.failed == 6 && summary.notStarted == 0)
        let runs = try ResultStore(readingAt: path).runs(specID: "throw")
        #expect(runs.count == 9)
        let messages = runs.map { $0.record.status + ": " + ($0.record.message ?? "") }
        #expect(messages.filter { $0 == "failed: batch exploded on purpose" }.count == 3, "\(messages)")
        #expect(messages.filter { $0 == "failed: 'counting-batch' returned 2 outcomes for a batch of 3 points" }.count == 3)
        #expect(runs.filter { $0.record.status == "ok" && $0.metrics["value"] != nil }.count == 3)

        // --fail-fast stops after the first (throwing) batch; --rerun-failed reruns exactly its points.
        let fast = try countingSweep(spec, into: temporaryStorePath(), SweepOptions(jobs: 1, failFast: true))
        #expect(fast.failed == 3 && fast.ok == 0 && fast.notStarted == 6)
        let before = calls(tagged: "throw").count
        let retried = try countingSweep(spec, into: path, SweepOptions(jobs: 1, rerunFailed: true))
        #expect(retried.cached == 3 && retried.executed == 6 && retried.failed == 6)
        let rerun = Array(calls(tagged: "throw").dropFirst(before))
        #expect(rerun.count == 2 && rerun.allSatisfy { $0.offsets == [1, 2, 3] && $0.batched })
    }

    @Test func shardsFormTheirOwnBatchesAndUniteToTheFullSweep() throws {
        let sweepText = "{ offset: [1, 2, 3, 4, 5, 6], scheme: [a, b] }"
        let fullPath = temporaryStorePath()
        let spec = try countingSpec(id: "shards", tag: "shards", sweep: sweepText, replicates: 3)
        _ = try countingSweep(spec, into: fullPath, SweepOptions(jobs: 2))
        let full = try ResultStore(readingAt: fullPath).runs(specID: "shards")
        #expect(full.count == 36)
        var united: [String: StoredRun] = [:]
        for i in 1...3 {
            let shard = try #require(Shard(index: i, count: 3))
            let path = temporaryStorePath()
            let summary = try countingSweep(spec, into: path, SweepOptions(jobs: 2, shard: shard))
            #expect(summary.executed == 36 - summary.inOtherShards)
            for run in try ResultStore(readingAt: path).runs(specID: "shards") {
                #expect(shard.contains(key: run.record.key) && united[run.record.key] == nil)
                united[run.record.key] = run
            }
        }
        #expect(united.count == 36)
        for run in full {
            #expect(united[run.record.key]?.metrics == run.metrics, "run \(run.record.key)")
        }
    }
}

@Suite struct MultiSpecSweepTests {
    @Test func specsShareOneQueueAndASharedPointRunsOnceForBoth() throws {
        // Two specs with the same tag share the points offset ∈ {2, 3} (equal run keys).
        let first = try countingSpec(id: "queue-a", tag: "queue", sweep: "{ offset: [1, 2, 3] }", replicates: 1)
        let second = try countingSpec(id: "queue-b", tag: "queue", sweep: "{ offset: [2, 3, 4] }", replicates: 1)
        let path = temporaryStorePath()
        let runner = SweepRunner(store: try ResultStore(path: path), registry: countingRegistry,
                                 provenance: ProvenanceProbe.current(), progress: SilentProgress())
        let summaries = try runner.run([first, second], options: SweepOptions(jobs: 2, batch: 1))
        #expect(summaries.count == 2)
        #expect(summaries[0].ok == 3 && summaries[0].cached == 0 && summaries[0].notStarted == 0)
        #expect(summaries[1].ok == 1 && summaries[1].cached == 2 && summaries[1].storedByAnother == 0)
        #expect(calls(tagged: "queue").flatMap(\.offsets).sorted() == [1, 2, 3, 4], "each point ran once")

        let store = try ResultStore(readingAt: path)
        let a = try store.runs(specID: "queue-a"), b = try store.runs(specID: "queue-b")
        #expect(a.count == 3 && b.count == 3, "the shared runs are linked to both specs")
        #expect(Set(a.map(\.record.key)).intersection(b.map(\.record.key)).count == 2)

        // The same specs one after the other store the same runs and run nothing more.
        let again = try runner.run([first, second], options: SweepOptions(jobs: 2, batch: 1))
        #expect(again.map(\.executed) == [0, 0] && again.map(\.cached) == [3, 3])
    }
}
