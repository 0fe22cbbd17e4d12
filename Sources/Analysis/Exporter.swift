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
        return wideTable(order.map { wideRow(spec, key: $0, runs: groups[$0] ?? [], aggregates: aggregates, specText: specText) },
                         aggregates: aggregates, specText: specText)
    }

    /// The wide table of `stream`'s runs in `store`, read one plan group (sweep point) at a
    /// time, so that only the rows are held: the same table as `wideTable(spec:runs:…)` on the
    /// whole study.
    public func wideTable(stream: StudyStream, store: ResultStore, aggregates: [String], specText: Bool = false) throws -> Table {
        var rows: [WideRow] = []
        try stream.forEachGroup(joinedWith: store) { group in
            guard let key = group.first?.point.parameters else { return }
            rows.append(wideRow(stream.spec, key: key, runs: group, aggregates: aggregates, specText: specText))
        }
        return wideTable(rows, aggregates: aggregates, specText: specText)
    }

    /// One sweep point's row before the table's metric columns are known: its leading cells and
    /// the aggregate cells of each metric its stored runs have.
    struct WideRow {
        var cells: [String]
        var metrics: [String: [String]]
    }

    /// The row of sweep point `key` with its planned `runs`.
    func wideRow(_ spec: Spec, key: ParameterSet, runs planned: [PlannedRun], aggregates: [String], specText: Bool) -> WideRow {
        let stored = planned.compactMap(\.stored)
        let members = stored.filter { $0.record.status == RunStatus.ok.rawValue }
        let count = { (status: RunStatus) in String(stored.filter { $0.record.status == status.rawValue }.count) }
        var cells = specCells(spec, specText: specText) + parameterCells(key)
        cells += [String(planned.count), count(.ok), count(.diverged), count(.failed),
                  String(planned.count - stored.count),
                  CSV.number(stored.map(\.record.wallSeconds).reduce(0, +)),
                  stored.map(\.record.key).joined(separator: " ")]
        var metrics: [String: [String]] = [:]
        for metric in Set(stored.flatMap(\.metrics.keys)) {
            let values = members.compactMap { $0.metrics[metric] }.filter { !$0.isNaN }
            metrics[metric] = Self.aggregateCells(values, aggregates)
        }
        return WideRow(cells: cells, metrics: metrics)
    }

    /// The cells of `aggregates` over `values`: `count` counts them, the others are empty
    /// when there are none.
    static func aggregateCells(_ values: [Double], _ aggregates: [String]) -> [String] {
        aggregates.map { a in
            if a == "count" { return String(values.count) }
            return values.isEmpty ? "" : CSV.number(aggregate(a, of: values))
        }
    }

    /// The table of `rows`: a metric's columns for every metric any row has, in name order.
    func wideTable(_ rows: [WideRow], aggregates: [String], specText: Bool) -> Table {
        let metricNames = Set(rows.flatMap(\.metrics.keys)).sorted()
        var header = specColumns(specText: specText) + parameterNames
            + ["runs", "ok", "diverged", "failed", "not_run", "wall_seconds", "run_ids"]
        for metric in metricNames { for a in aggregates { header.append("\(metric)_\(a)") } }
        var table = Table(header: header, parameterColumns: Set(parameterNames))
        let none = Self.aggregateCells([], aggregates)
        table.rows = rows.map { row in row.cells + metricNames.flatMap { row.metrics[$0] ?? none } }
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
