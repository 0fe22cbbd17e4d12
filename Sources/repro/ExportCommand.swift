import ArgumentParser
import Foundation
import Runner
import Specs

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
        guard let loaded = try plan.load([spec]).first else { return }
        guard let schema = Models.registry.schema(of: loaded.model) else {
            throw CLIError("unknown model '\(loaded.model)'")
        }
        if let series, !schema.series.contains(where: { $0.name == series }) {
            throw CLIError("--series: model '\(schema.name)' records no series '\(series)'; it records "
                + schema.series.map(\.name).joined(separator: ", "))
        }
        let db = try store.openForReading()
        let exporter = Exporter(schema: schema)
        var table: Table
        do {
            let points = try SweepRunner.plan(loaded, registry: Models.registry)
            let runs = try ClaimEvaluator.join(points, store: db)
            if let series {
                table = try exporter.seriesTable(spec: loaded, runs: runs, name: series, store: db)
            } else if layout == .wide {
                table = exporter.wideTable(spec: loaded, runs: runs, aggregates: aggregates, specText: specText)
            } else {
                table = exporter.longTable(spec: loaded, runs: runs, specText: specText)
            }
            if onlyChanged { table = table.onlyChanged() }
            if let sort {
                table = try table.sorted(by: sort.split(separator: ",").map { Table.SortKey(parsing: String($0)) })
            }
        } catch let error as TableError {
            throw CLIError(error.description)
        } catch let error as RunnerError {
            throw CLIError(error.description)
        } catch {
            throw CLIError("\(error)")
        }
        try Console.emit(table.csv, to: out)
    }
}
