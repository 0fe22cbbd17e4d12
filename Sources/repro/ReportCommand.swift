import Analysis
import ArgumentParser
import Foundation
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
        let citations = try PaperCatalog.load(path: papers)
        let studies = try plan.studies(specs) { try store.openForReading() }
        let reportDirectory = (out as NSString).deletingLastPathComponent
        let base = reportDirectory.isEmpty ? "." : reportDirectory
        var order: [String] = []
        var sections: [String: [ReportSection]] = [:]
        for study in studies {
            let paper = study.spec.paper
            if sections[paper] == nil { order.append(paper) }
            sections[paper, default: []].append(ReportSection(study: study, figures: figures, tables: tables, base: base))
        }
        try Console.emit(ReproductionReport.markdown(order.map { ($0, citations[$0], sections[$0] ?? []) }), to: out)
        Console.out("report in \(out)\n")
    }
}
