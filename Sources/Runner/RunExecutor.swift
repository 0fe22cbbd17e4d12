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

/// Executes one run point of a model: builds the typed experiment, runs it with the point's
/// seeds, and turns a thrown error into a `failed` run rather than losing it.
public struct RunExecutor: Sendable {
    let registry: ModelRegistry
    let provenance: Provenance

    /// Creates an executor over `registry`, stamping runs with `provenance`.
    public init(registry: ModelRegistry, provenance: Provenance) {
        self.registry = registry
        self.provenance = provenance
    }

    /// Runs `point` of `model` and returns the row to store.
    public func execute(model: String, point: RunPoint, record: RecordPolicy) -> CompletedRun {
        let started = Date()
        let clock = ContinuousClock.now
        var outcome: Outcome
        var version = 0
        if let type = registry.type(of: model) {
            version = type.schema.version
            do {
                let experiment = try type.init(parameters: point.parameters)
                outcome = try experiment.run(seeds: point.identity.seeds, record: record)
            } catch {
                outcome = Outcome(status: .failed, message: "\(error)", metrics: [:], series: [:])
            }
        } else {
            outcome = Outcome(status: .failed, message: "unknown model '\(model)'", metrics: [:], series: [:])
        }
        let elapsed = ContinuousClock.now - clock
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
        let row = RunRecord(
            key: point.identity.key, model: model, modelVersion: version,
            parametersJSON: point.parameters.canonicalJSON, replicate: point.replicate,
            instanceSeed: point.identity.seeds.instance, algorithmSeed: point.identity.seeds.algorithm,
            status: outcome.status.rawValue, message: outcome.message, startedAt: started,
            wallSeconds: seconds, provenance: provenance)
        let series = outcome.series.keys.sorted().compactMap { name in
            outcome.series[name].map { SeriesData(name: name, steps: $0.steps, values: $0.values) }
        }
        return CompletedRun(record: row, metrics: outcome.metrics, series: series)
    }
}
