import ExperimentKit
import Foundation
import ResultStore
import Specs

/// A run's result, ready to be written in one transaction.
public struct CompletedRun: Sendable {
    /// The run row.
    public var record: RunRecord
    /// Its metrics.
    public var metrics: [String: Double]
    /// Its series.
    public var series: [SeriesData]
}

/// Executes run points of a model: builds the typed experiments, runs them with the points'
/// seeds (a batch of several points through `BatchExperiment`), and turns a thrown error into
/// `failed` runs rather than losing them.
public struct RunExecutor: Sendable {
    let registry: ModelRegistry
    let provenance: Provenance

    /// Creates an executor over `registry`, stamping runs with `provenance`.
    public init(registry: ModelRegistry, provenance: Provenance) {
        self.registry = registry
        self.provenance = provenance
    }

    /// Runs `point` of `model` and returns the row to store. A model program runs through its
    /// worker in `programs` (one per job), started on first use.
    public func execute(model: String, point: RunPoint, record: RecordPolicy, programs: ProgramWorkers? = nil) -> CompletedRun {
        let started = Date()
        let clock = ContinuousClock.now
        let outcome: Outcome
        if let program = registry.program(of: model) {
            outcome = (programs ?? ProgramWorkers()).run(program, point: point, record: record)
        } else {
            outcome = single(model: model, point: point, record: record)
        }
        return completed(model: model, point: point, outcome: outcome, startedAt: started,
                         wallSeconds: Self.seconds(since: clock))
    }

    /// Runs `batch` (points of `model` with one instance seed and one batch key, as
    /// `SweepRunner.batches` forms them) and returns one row per point, in order. A batch of
    /// one runs alone (`Experiment.run(seeds:record:)`); a larger one runs through
    /// `BatchExperiment.run(batch:seeds:record:)`, and when that throws every point is
    /// `failed` with its message. Every point of the batch gets the batch's start time and
    /// the batch's wall time divided by its size, so wall times still add up to the time spent.
    /// A model program never batches: its points run one by one through `programs`.
    public func execute(model: String, batch: [RunPoint], record: RecordPolicy, programs: ProgramWorkers? = nil) -> [CompletedRun] {
        guard batch.count > 1 else {
            return batch.map { execute(model: model, point: $0, record: record, programs: programs) }
        }
        let started = Date()
        let clock = ContinuousClock.now
        let outcomes = together(model: model, batch: batch, record: record)
        let share = Self.seconds(since: clock) / Double(batch.count)
        return zip(batch, outcomes).map { point, outcome in
            completed(model: model, point: point, outcome: outcome, startedAt: started, wallSeconds: share)
        }
    }

    /// The outcome of `point` run alone.
    private func single(model: String, point: RunPoint, record: RecordPolicy) -> Outcome {
        guard let type = registry.type(of: model) else { return Self.failure("unknown model '\(model)'") }
        do {
            let experiment = try type.init(parameters: point.parameters)
            return try experiment.run(seeds: point.identity.seeds, record: record)
        } catch {
            return Self.failure("\(error)")
        }
    }

    /// The outcomes of `batch` run together, one per point.
    private func together(model: String, batch: [RunPoint], record: RecordPolicy) -> [Outcome] {
        guard let type = registry.type(of: model) else {
            return batch.map { _ in Self.failure("unknown model '\(model)'") }
        }
        guard let batchType = type as? any BatchExperiment.Type else {
            return batch.map { single(model: model, point: $0, record: record) }
        }
        do {
            let experiments = try batch.map { (point: RunPoint) throws(ParameterError) -> any Experiment in
                try batchType.init(parameters: point.parameters)
            }
            return try batchType.run(experiments: experiments, seeds: batch.map(\.identity.seeds), record: record)
        } catch {
            return batch.map { _ in Self.failure("\(error)") }
        }
    }

    /// The row to store for `point`.
    private func completed(model: String, point: RunPoint, outcome: Outcome, startedAt: Date,
                           wallSeconds: Double) -> CompletedRun {
        let schema = registry.schema(of: model)
        let row = RunRecord(
            key: point.identity.key, model: model, modelVersion: schema?.version ?? 0,
            parametersJSON: point.parameters.canonicalJSON, replicate: point.replicate,
            instanceSeed: point.identity.seeds.instance, algorithmSeed: point.identity.seeds.algorithm,
            status: outcome.status.rawValue, message: outcome.message, startedAt: startedAt,
            wallSeconds: wallSeconds, provenance: provenance,
            codeFingerprint: schema.flatMap { $0.codeFingerprint.isEmpty ? nil : $0.codeFingerprint })
        let series = outcome.series.keys.sorted().compactMap { name in
            outcome.series[name].map { SeriesData(name: name, steps: $0.steps, values: $0.values) }
        }
        return CompletedRun(record: row, metrics: outcome.metrics, series: series)
    }

    private static func failure(_ message: String) -> Outcome {
        Outcome(status: .failed, message: message, metrics: [:], series: [:])
    }

    private static func seconds(since start: ContinuousClock.Instant) -> Double {
        let elapsed = ContinuousClock.now - start
        return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
    }
}
