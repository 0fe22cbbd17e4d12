import ExperimentKit

/// A batch of sweep points sharing one instance against one point, per iteration
/// (the batch target of `Acceptance`): measured when the workload's model conforms to `BatchExperiment`.
struct BatchTiming: Codable, Sendable {
    /// The workload id.
    var workload: String
    /// Points in the batch.
    var points: Int
    /// The parameter the points differ in.
    var axis: String
    /// Per iteration of the whole batch, when the model is batched.
    var batch: DifferentialTiming?
    /// Per iteration of the batch's first point run alone.
    var single: DifferentialTiming?
    /// "batched", or why not measured (e.g. "not batched: … does not conform to BatchExperiment").
    var note: String

    /// Per iteration of the batch over per iteration of one point.
    var ratio: Double?

    /// Measures `workload`'s batch, or records that its model is not batched.
    static func measure(_ workload: IterationWorkload, repeats: Int) throws -> BatchTiming {
        guard let type = workload.model as? any BatchExperiment.Type else {
            return BatchTiming(workload: workload.id, points: workload.batchValues.count, axis: workload.batchAxis,
                               note: "not batched: \(workload.model.schema.name) does not conform to BatchExperiment")
        }
        return try measure(type, workload, repeats: repeats)
    }

    /// The batched measurement for a model type `B`.
    static func measure<B: BatchExperiment>(_ type: B.Type, _ workload: IterationWorkload, repeats: Int) throws -> BatchTiming {
        let seeds = seeds(count: workload.batchValues.count)
        var result = BatchTiming(workload: workload.id, points: seeds.count, axis: workload.batchAxis, note: "batched")
        let keys = Set(try points(B.self, workload, iterations: workload.shortRun).map(\.batchKey))
        if keys.count != 1 { result.note = "batched, but the points have \(keys.count) different batch keys" }
        let batch = try DifferentialTiming.measure(short: workload.shortRun, long: workload.longRun, repeats: repeats,
                                                   run: runner(B.self, workload))
        let single = try DifferentialTiming.measure(short: workload.shortRun, long: workload.longRun, repeats: repeats) { t in
            let outcome = try points(B.self, workload, iterations: t)[0].run(seeds: seeds[0], record: sparseRecording)
            try DifferentialTiming.requireComplete(outcome, iterations: t, workload: workload.id)
        }
        result.batch = batch
        result.single = single
        result.ratio = batch.secondsPerIteration / single.secondsPerIteration
        return result
    }

    /// Runs `workload`'s batch for T iterations, or `nil` when its model is not batched or the workload has no batch.
    static func runner(_ workload: IterationWorkload, record: RecordPolicy,
                       overrides: [String: ParameterValue] = [:]) -> ((Int) throws -> Void)? {
        guard !workload.batchValues.isEmpty, let type = workload.model as? any BatchExperiment.Type else { return nil }
        return runner(type, workload, record: record, overrides: overrides)
    }

    /// `run(batch:seeds:record:)` of `B` on `workload`'s points for T iterations, each required to run them all.
    static func runner<B: BatchExperiment>(_ type: B.Type, _ workload: IterationWorkload, record: RecordPolicy = sparseRecording,
                                           overrides: [String: ParameterValue] = [:]) -> (Int) throws -> Void {
        let seeds = seeds(count: workload.batchValues.count)
        return { t in
            let outcomes = try B.run(batch: points(B.self, workload, iterations: t, overrides: overrides), seeds: seeds,
                                     record: record)
            for outcome in outcomes {
                try DifferentialTiming.requireComplete(outcome, iterations: t, workload: workload.id + " batch")
            }
        }
    }

    /// The batch's points: the workload's parameters with each value of its batch axis (and `overrides`).
    static func points<B: BatchExperiment>(_ type: B.Type, _ workload: IterationWorkload, iterations: Int,
                                           overrides: [String: ParameterValue] = [:]) throws -> [B] {
        try workload.batchValues.map { value in
            try IterationWorkload.instantiate(B.self, workload.parameters.merging(overrides) { _, new in new }.merging(
                [workload.batchAxis: .double(value), "iterations": .int(iterations)]) { _, new in new })
        }
    }

    /// One instance seed, a different algorithm seed per point (points of one sweep sharing an
    /// instance): point j's is the bench's algorithm stream "batch-point" number j.
    static func seeds(count: Int) -> [RunSeeds] {
        (0..<count).map { RunSeeds(instance: benchSeeds.instance, algorithm: benchSeeds.algorithmStream("batch-point", index: $0)) }
    }
}
