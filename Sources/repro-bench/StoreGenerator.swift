import ExperimentKit
import Foundation
import ResultStore
import RobustRecovery
import Specs

/// Writes stored runs without running the model, for the store benchmark: the runs of a
/// spec's plan (its real keys, seeds and parameters, so that `repro export` and `repro verify`
/// find them) with the metrics and series of a template run, each value scaled by a factor
/// in [0.9, 1.1] drawn from the run's key.
struct StoreGenerator {
    let spec: Spec
    let schema: ModelSchema
    let points: [RunPoint]
    let template: (metrics: [String: Double], series: [SeriesData])

    /// The plan of the spec at `path` (a robust-recovery spec) and the template run.
    init(specPath: String, template: (metrics: [String: Double], series: [SeriesData])) throws {
        let registry = ModelRegistry([RobustRecovery.self])
        spec = try SpecLoader(registry: registry, allowLarge: true).load(path: specPath)
        guard let schema = registry.schema(of: spec.model) else {
            throw BenchError.store("\(specPath): model '\(spec.model)' is not robust-recovery")
        }
        self.schema = schema
        points = try spec.plan(schema: schema)
        self.template = template
    }

    /// The first run of the store at `path` with its metrics and series, as a template.
    static func template(from path: String) throws -> (metrics: [String: Double], series: [SeriesData]) {
        let store = try ResultStore(readingAt: path)
        guard let run = try store.runs(keyPrefix: "").first else { throw BenchError.store("\(path) holds no run") }
        let series = try store.seriesNames(runKey: run.record.key).compactMap { try store.series(runKey: run.record.key, name: $0) }
        return (run.metrics, series)
    }

    /// Writes the runs `range` of the plan into a new store at `path`, `batch` runs per
    /// transaction.
    func writeShard(_ range: Range<Int>, to path: String, batch: Int = 1000) throws {
        let store = try ResultStore(path: path)
        try store.register(spec: SpecRecord(id: spec.id, path: spec.path, contentHash: "generated", title: spec.title,
                                            paper: spec.paper, model: spec.model, registeredAt: Date(timeIntervalSince1970: 0)))
        let provenance = Provenance(reproVersion: "store-benchmark", gitCommit: nil, gitDirty: nil, host: "generated",
                                    os: "generated", blasConfig: "none", blasCore: "none", blasThreads: 1)
        for start in stride(from: range.lowerBound, to: range.upperBound, by: batch) {
            let runs = points[start..<min(start + batch, range.upperBound)].map { point in
                var state = point.identity.seeds.instance
                let factor = { () -> Double in 0.9 + 0.2 * Double(Self.splitMix(&state) >> 11) / Double(1 << 53) }
                let record = RunRecord(
                    key: point.identity.key, model: schema.name, modelVersion: schema.version,
                    parametersJSON: point.parameters.canonicalJSON, replicate: point.replicate,
                    instanceSeed: point.identity.seeds.instance, algorithmSeed: point.identity.seeds.algorithm,
                    status: "ok", message: nil, startedAt: Date(timeIntervalSince1970: 1_800_000_000), wallSeconds: 0.001,
                    provenance: provenance, codeFingerprint: schema.codeFingerprint)
                let metrics = template.metrics.mapValues { $0 * factor() }
                let series = template.series.map { s in
                    SeriesData(name: s.name, steps: s.steps, values: s.values.map { $0 * factor() })
                }
                return (run: record, metrics: metrics, series: series)
            }
            try store.record(batch: runs, specID: spec.id)
        }
    }

    /// SplitMix64: the next value of `state`.
    static func splitMix(_ state: inout UInt64) -> UInt64 {
        state &+= 0x9e37_79b9_7f4a_7c15
        var z = state
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return z ^ (z >> 31)
    }
}
