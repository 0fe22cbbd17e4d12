import ArgumentParser
import Foundation
import Runner
import Specs

/// `repro report SPEC…`: the reproduction report in Markdown (per paper: citation, verdicts,
/// figures, tables).
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Write the reproduction report: per paper its citation, each spec's verdicts, figure and table.")

    @Argument(help: "Spec files (YAML).")
    var specs: [String]

    @OptionGroup var plan: PlanOptions
    @OptionGroup var store: StoreOptions

    @Option(help: ArgumentHelp("The report file.", valueName: "file.md"))
    var out: String = "results/REPORT.md"

    @Option(help: ArgumentHelp("Where `repro plot` put the figures.", valueName: "dir"))
    var figures: String = "results/figures"

    @Option(help: ArgumentHelp("Where `make tables` put the CSV tables (<paper>-<spec file>-wide.csv).", valueName: "dir"))
    var tables: String = "results/tables"

    @Option(help: ArgumentHelp("The citations.", valueName: "file.yaml"))
    var papers: String = "experiments/papers.yaml"

    func validate() throws {
        if specs.isEmpty { throw ValidationError("give at least one spec file") }
    }

    func run() throws {
        let loaded = try plan.load(specs)
        let citations: [String: Citation]
        do { citations = try PaperCatalog.load(path: papers) } catch { throw CLIError(error.description) }
        let db = try store.openForReading()
        let reportDirectory = (out as NSString).deletingLastPathComponent
        let base = reportDirectory.isEmpty ? "." : reportDirectory
        var order: [String] = []
        var sections: [String: [ReportSection]] = [:]
        for spec in loaded {
            guard let schema = Models.registry.schema(of: spec.model) else { throw CLIError("unknown model '\(spec.model)'") }
            let runs: [PlannedRun]
            do {
                runs = try ClaimEvaluator.join(try SweepRunner.plan(spec, registry: Models.registry), store: db)
            } catch let error as RunnerError {
                throw CLIError(error.description)
            } catch {
                throw CLIError("\(error)")
            }
            let figureLinks = spec.figures.map { figure -> (stem: String, link: String?) in
                let stem = figure.fileStem(specID: spec.id)
                let png = (figures as NSString).appendingPathComponent(stem + ".png")
                let exists = FileManager.default.fileExists(atPath: png)
                return (stem, exists ? ReproductionReport.relativePath(of: png, from: base) : nil)
            }
            let specFile = ((spec.path as NSString).lastPathComponent as NSString).deletingPathExtension
            let csv = (tables as NSString).appendingPathComponent("\(spec.paper)-\(specFile)-wide.csv")
            let section = ReportSection(
                spec: spec, verdicts: ClaimEvaluator().evaluate(spec, runs: runs), figures: figureLinks,
                table: ReportSection.shortTable(spec: spec, runs: runs, exporter: Exporter(schema: schema)),
                tableLink: FileManager.default.fileExists(atPath: csv) ? ReproductionReport.relativePath(of: csv, from: base) : nil)
            if sections[spec.paper] == nil { order.append(spec.paper) }
            sections[spec.paper, default: []].append(section)
        }
        let text = ReproductionReport.markdown(order.map { ($0, citations[$0], sections[$0] ?? []) })
        try Console.emit(text, to: out)
        Console.out("report in \(out)\n")
    }
}
