import Analysis
import ArgumentParser
import Foundation
import ResultStore
import Specs

/// `repro report SPEC…`: the reproduction report, in Markdown (per paper: citation, verdicts,
/// figures, tables) and, with `--html`, as an interactive site.
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Write the reproduction report: per paper its citation, each spec's verdicts, figure and table.",
        discussion: "Without --html it writes the Markdown report (--out, default results/REPORT.md). With --html DIR "
            + "it writes an interactive site there (index.html, a page per spec with its figures drawn from the store), "
            + "and the Markdown report too when --out is given.")

    @Argument(help: "Spec files (YAML).")
    var specs: [String]

    @OptionGroup var plan: PlanOptions
    @OptionGroup var store: StoreOptions

    @Option(help: ArgumentHelp("The Markdown report (default results/REPORT.md without --html).", valueName: "file.md"))
    var out: String?

    @Option(help: ArgumentHelp("Write the interactive HTML report into this folder.", valueName: "dir"))
    var html: String?

    @Option(help: ArgumentHelp("Where `repro plot` put the figures.", valueName: "dir"))
    var figures: String = "results/figures"

    @Option(help: ArgumentHelp("Where `make tables` put the CSV tables (<paper>-<spec file>-wide.csv).", valueName: "dir"))
    var tables: String = "results/tables"

    @Option(help: ArgumentHelp("The citations.", valueName: "file.yaml"))
    var papers: String = "experiments/papers.yaml"

    @Option(help: ArgumentHelp("The folder of dygraph.min.js and dygraph.min.css (Debian's libjs-dygraphs).", valueName: "dir"))
    var dygraphs: String = ReportSite.defaultLibrary

    func validate() throws {
        if specs.isEmpty { throw ValidationError("give at least one spec file") }
    }

    func run() throws {
        let citations = try PaperCatalog.load(path: papers)
        var opened: ResultStore?
        let studies = try plan.studies(specs) { opened = try store.openForReading(); return opened }
        let markdown = out ?? (html == nil ? "results/REPORT.md" : nil)
        let reportDirectory = ((markdown ?? "results/REPORT.md") as NSString).deletingLastPathComponent
        let base = reportDirectory.isEmpty ? "." : reportDirectory
        let agreements = try opened.map { db in
            try AgreementTable.tables(for: studies) { path in
                try StudyLoader(registry: Models.registry).load([path], store: db, remember: true)[0]
            }
        } ?? [:]
        let sections = { (study: Study) in
            var section = ReportSection(study: study, figures: figures, tables: tables, base: base)
            section.agreement = agreements[study.spec.id]
            return section
        }
        let papers = ReproductionReport.byPaper(studies, citations: citations) { ($0, sections($0)) }
        if let markdown {
            try Console.emit(ReproductionReport.markdown(papers.map { ($0.key, $0.citation, $0.sections.map(\.1)) }), to: markdown)
            Console.out("report in \(markdown)\n")
        }
        if let html, let db = opened {
            let site = try papers.map { paper in
                (paper.key, paper.citation, try paper.sections.map { try SiteSection(study: $0.0, report: $0.1, store: db) })
            }
            try ReportSite(library: dygraphs).write(site, to: html)
            Console.out("HTML report in \((html as NSString).appendingPathComponent("index.html"))\n")
        }
    }
}
