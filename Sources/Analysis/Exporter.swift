import ExperimentKit
import NumericsCore
import ResultStore
import Specs

/// The CSV tables of DESIGN.md's CLI section.
public struct Exporter: Sendable {
    /// Aggregates a wide table may request, besides the quantiles `q0` … `q100`.
    public static let aggregateNames = Aggregate.names

    let schema: ModelSchema

    /// Creates an exporter for a model's parameters.
    public init(schema: ModelSchema) { self.schema = schema }

    var parameterNames: [String] { schema.parameters.map(\.name) }

    func parameterCells(_ p: ParameterSet) -> [String] {
        parameterNames.map { p[$0]?.description ?? "" }
    }

    /// True for a name `--aggregate` accepts: one of `aggregateNames`, or `qNN` with NN a
    /// whole percentage 0…100 (the NN% quantile, type-7 interpolation: `q10`, `q90`).
    public static func isAggregate(_ name: String) -> Bool {
        Aggregate(rawValue: name) != nil
    }

    /// Aggregate `name` (see `isAggregate`) of the replicate values; `count` counts them, the
    /// others are NaN over no values.
    public static func aggregate(_ name: String, of values: [Double]) -> Double {
        Aggregate(rawValue: name)?.apply(values) ?? .nan
    }

    /// `spec`, then with `specText` the spec's `title` and `notes`.
    func specColumns(specText: Bool) -> [String] {
        specText ? ["spec", "title", "notes"] : ["spec"]
    }

    func specCells(_ spec: Spec, specText: Bool) -> [String] {
        specText ? [spec.id, spec.title, spec.notes ?? ""] : [spec.id]
    }

    /// Long (tidy) table: one row per (run, metric): `spec` (with `specText`: `title`,
    /// `notes`), `run, replicate, status, wall_seconds`, one column per parameter, then
    /// `metric, value`. A run without metrics (failed) gets one row with empty metric and
    /// value, so it is not lost from the table. Runs not in the store are left out.
    public func longTable(spec: Spec, runs: [PlannedRun], specText: Bool = false) -> Table {
        var table = Table(header: specColumns(specText: specText) + ["run", "replicate", "status", "wall_seconds"]
                            + parameterNames + ["metric", "value"],
                          parameterColumns: Set(parameterNames))
        for run in runs {
            guard let stored = run.stored else { continue }
            let head = specCells(spec, specText: specText)
                + [stored.record.key, String(run.point.replicate), stored.record.status, CSV.number(stored.record.wallSeconds)]
                + parameterCells(run.point.parameters)
            if stored.metrics.isEmpty { table.rows.append(head + ["", ""]) }
            for name in stored.metrics.keys.sorted() {
                table.rows.append(head + [name, CSV.number(stored.metrics[name] ?? .nan)])
            }
        }
        return table
    }

    /// Wide table: one row per sweep point: `spec` (with `specText`: `title`, `notes`), one
    /// column per parameter, `runs` (planned), `ok, diverged, failed, not_run` (counts by
    /// status), `wall_seconds` (total over the stored runs), `run_ids` (space-separated keys
    /// of the stored runs), then `<metric>_<aggregate>` for every metric and requested
    /// aggregate over the `ok` replicates (NaN values left out; `count` counts the rest).
    public func wideTable(spec: Spec, runs: [PlannedRun], aggregates: [String], specText: Bool = false) -> Table {
        var order: [ParameterSet] = []
        var groups: [ParameterSet: [PlannedRun]] = [:]
        for run in runs {
            let key = run.point.parameters
            if groups[key] == nil { order.append(key) }
            groups[key, default: []].append(run)
        }
        let metricNames = Set(runs.flatMap { $0.stored?.metrics.keys.map { $0 } ?? [] }).sorted()
        var header = specColumns(specText: specText) + parameterNames
            + ["runs", "ok", "diverged", "failed", "not_run", "wall_seconds", "run_ids"]
        for metric in metricNames { for a in aggregates { header.append("\(metric)_\(a)") } }
        var table = Table(header: header, parameterColumns: Set(parameterNames))
        for key in order {
            let planned = groups[key] ?? []
            let stored = planned.compactMap(\.stored)
            let members = stored.filter { $0.record.status == RunStatus.ok.rawValue }
            let count = { (status: RunStatus) in String(stored.filter { $0.record.status == status.rawValue }.count) }
            var cells = specCells(spec, specText: specText) + parameterCells(key)
            cells += [String(planned.count), count(.ok), count(.diverged), count(.failed),
                      String(planned.count - stored.count),
                      CSV.number(stored.map(\.record.wallSeconds).reduce(0, +)),
                      stored.map(\.record.key).joined(separator: " ")]
            for metric in metricNames {
                let values = members.compactMap { $0.metrics[metric] }.filter { !$0.isNaN }
                for a in aggregates {
                    if a == "count" {
                        cells.append(String(values.count))
                    } else if values.isEmpty {
                        cells.append("")
                    } else {
                        cells.append(CSV.number(Self.aggregate(a, of: values)))
                    }
                }
            }
            table.rows.append(cells)
        }
        return table
    }

    /// Per-iteration curves of one series: `spec, run, replicate, status`, parameters,
    /// `step, value`.
    public func seriesTable(spec: Spec, runs: [PlannedRun], name: String, store: ResultStore) throws(StoreError) -> Table {
        var table = Table(header: ["spec", "run", "replicate", "status"] + parameterNames + ["step", "value"],
                          parameterColumns: Set(parameterNames))
        for run in runs {
            guard let stored = run.stored, let s = try store.series(runKey: stored.record.key, name: name) else { continue }
            let head = [spec.id, stored.record.key, String(run.point.replicate), stored.record.status]
                + parameterCells(run.point.parameters)
            for (step, value) in zip(s.steps, s.values) {
                table.rows.append(head + [String(step), CSV.number(value)])
            }
        }
        return table
    }

    /// `longTable` as CSV.
    public func long(spec: Spec, runs: [PlannedRun]) -> String {
        longTable(spec: spec, runs: runs).csv
    }

    /// `wideTable` as CSV.
    public func wide(spec: Spec, runs: [PlannedRun], aggregates: [String]) -> String {
        wideTable(spec: spec, runs: runs, aggregates: aggregates).csv
    }

    /// `seriesTable` as CSV.
    public func series(spec: Spec, runs: [PlannedRun], name: String, store: ResultStore) throws(StoreError) -> String {
        try seriesTable(spec: spec, runs: runs, name: name, store: store).csv
    }
}
