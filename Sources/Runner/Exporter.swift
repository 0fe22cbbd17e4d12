import ExperimentKit
import ResultStore
import Specs

/// The CSV tables of DESIGN.md's CLI section.
public struct Exporter: Sendable {
    /// Aggregates a wide table may request.
    public static let aggregateNames = ["mean", "std", "median", "min", "max", "count", "ci95_low", "ci95_high"]

    let schema: ModelSchema

    /// Creates an exporter for a model's parameters.
    public init(schema: ModelSchema) { self.schema = schema }

    var parameterNames: [String] { schema.parameters.map(\.name) }

    func parameterCells(_ p: ParameterSet) -> [String] {
        parameterNames.map { p[$0]?.description ?? "" }
    }

    /// Long (tidy) table: one row per (run, metric): `spec, run, replicate, status`, one
    /// column per parameter, then `metric, value`. A run without metrics (failed) gets one
    /// row with empty metric and value, so it is not lost from the table.
    public func long(spec: Spec, runs: [PlannedRun]) -> String {
        var out = CSV.row(["spec", "run", "replicate", "status"] + parameterNames + ["metric", "value"])
        for run in runs {
            guard let stored = run.stored else { continue }
            let head = [spec.id, stored.record.key, String(run.point.replicate), stored.record.status]
                + parameterCells(run.point.parameters)
            if stored.metrics.isEmpty { out += CSV.row(head + ["", ""]) }
            for name in stored.metrics.keys.sorted() {
                out += CSV.row(head + [name, CSV.number(stored.metrics[name] ?? .nan)])
            }
        }
        return out
    }

    /// Wide table: one row per sweep point (replicates aggregated over `ok` runs): one column
    /// per parameter, then `<metric>_<aggregate>` for every metric and requested aggregate.
    public func wide(spec: Spec, runs: [PlannedRun], aggregates: [String]) -> String {
        var order: [ParameterSet] = []
        var groups: [ParameterSet: [PlannedRun]] = [:]
        for run in runs {
            let key = run.point.parameters
            if groups[key] == nil { order.append(key) }
            groups[key, default: []].append(run)
        }
        let metricNames = Set(runs.flatMap { $0.stored?.metrics.keys.map { $0 } ?? [] }).sorted()
        var header = parameterNames
        for metric in metricNames { for a in aggregates { header.append("\(metric)_\(a)") } }
        var out = CSV.row(header)
        for key in order {
            let members = (groups[key] ?? []).compactMap(\.stored).filter { $0.record.status == RunStatus.ok.rawValue }
            var cells = parameterCells(key)
            for metric in metricNames {
                let values = members.compactMap { $0.metrics[metric] }.filter { !$0.isNaN }
                for a in aggregates {
                    if a == "count" {
                        cells.append(String(values.count))
                    } else if let agg = Aggregate(rawValue: a), !values.isEmpty {
                        cells.append(CSV.number(agg.apply(values)))
                    } else {
                        cells.append("")
                    }
                }
            }
            out += CSV.row(cells)
        }
        return out
    }

    /// Per-iteration curves of one series: `spec, run, replicate, status`, parameters,
    /// `step, value`.
    public func series(spec: Spec, runs: [PlannedRun], name: String, store: ResultStore) throws(StoreError) -> String {
        var out = CSV.row(["spec", "run", "replicate", "status"] + parameterNames + ["step", "value"])
        for run in runs {
            guard let stored = run.stored, let s = try store.series(runKey: stored.record.key, name: name) else { continue }
            let head = [spec.id, stored.record.key, String(run.point.replicate), stored.record.status]
                + parameterCells(run.point.parameters)
            for (step, value) in zip(s.steps, s.values) {
                out += CSV.row(head + [String(step), CSV.number(value)])
            }
        }
        return out
    }
}
