import Analysis
import ArgumentParser
import ExperimentKit
import Foundation
import ResultStore

/// `repro export SPEC`: the spec's runs as CSV.
struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Export a spec's stored runs as CSV (long by default; --wide aggregates replicates).")

    @Argument(help: "A spec file (YAML).")
    var spec: String

    @OptionGroup var plan: PlanOptions
    @OptionGroup var store: StoreOptions

    @Option(help: ArgumentHelp("Write the CSV here instead of stdout.", valueName: "file.csv"))
    var out: String?

    @Flag(help: "Long (one row per run and metric) or wide (one row per sweep point).")
    var layout: Layout = .long

    @Option(help: ArgumentHelp(
        "Aggregates of the wide table: mean, std, median, min, max, count, ci95_low, ci95_high, qNN (NN% quantile, e.g. q10,q90).",
        valueName: "list"))
    var aggregate: String = "mean,std"

    @Flag(help: "Drop the parameter columns that are the same in every row.")
    var onlyChanged = false

    @Option(help: ArgumentHelp("Sort rows by these columns (numbers numerically; -column for descending, written --sort=-column).", valueName: "col,-col"))
    var sort: String?

    @Flag(help: "Add the spec's title and notes as columns after spec (long and wide tables).")
    var specText = false

    @Option(help: ArgumentHelp("Export this per-iteration series instead of metrics.", valueName: "name"))
    var series: String?

    enum Layout: String, EnumerableFlag { case long, wide }

    var aggregates: [String] {
        aggregate.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
    }

    func validate() throws {
        for a in aggregates where !Exporter.isAggregate(a) {
            throw ValidationError("--aggregate: unknown aggregate '\(a)'; use " + Exporter.aggregateNames.joined(separator: ", ")
                + " or qNN (a quantile in percent, e.g. q90)")
        }
        if aggregates.isEmpty { throw ValidationError("--aggregate: give at least one aggregate") }
    }

    func run() throws {
        var opened: ResultStore?
        if series == nil, layout == .wide {
            // Rows are sweep points: read one at a time.
            let streams = try plan.streams([spec]) { opened = try store.openForReading(); return opened }
            guard let db = opened, let stream = streams.first else { return }
            try emit(try Exporter(schema: stream.schema).wideTable(stream: stream, store: db, aggregates: aggregates,
                                                                   specText: specText))
            return
        }
        let studies = try plan.studies([spec]) { opened = try store.openForReading(); return opened }
        guard let db = opened, let study = studies.first else { return }
        if let series, !study.schema.series.contains(where: { $0.name == series }) {
            let names = study.schema.series.map(\.name)
            let near = nearestName(to: series, among: names).map { " (did you mean '\($0)'?)" } ?? ""
            throw CLIError("--series: model '\(study.schema.name)' records no series '\(series)'\(near); it records "
                + names.joined(separator: ", "))
        }
        let exporter = Exporter(schema: study.schema)
        let table: Table
        if let series {
            table = try exporter.seriesTable(spec: study.spec, runs: study.runs, name: series, store: db)
        } else {
            table = exporter.longTable(spec: study.spec, runs: study.runs, specText: specText)
        }
        try emit(table)
    }

    /// Writes `table`, cut to the changing parameters and sorted as asked.
    func emit(_ table: Table) throws {
        var table = table
        if onlyChanged { table = table.onlyChanged() }
        if let sort {
            table = try table.sorted(by: sort.split(separator: ",").map { Table.SortKey(parsing: String($0)) })
        }
        try Console.emit(lines: table.csvLines, to: out)
    }
}
