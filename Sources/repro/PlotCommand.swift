import Analysis
import ArgumentParser
import Foundation
import ResultStore

/// `repro plot SPEC…`: every figure of the specs, drawn with gnuplot from the stored runs.
struct PlotCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plot",
        abstract: "Draw each spec's figure(s) as PNG and SVG with gnuplot (data file and script alongside).")

    @Argument(help: "Spec files (YAML).")
    var specs: [String]

    @OptionGroup var plan: PlanOptions
    @OptionGroup var store: StoreOptions

    @Option(help: ArgumentHelp("Directory of the figures.", valueName: "dir"))
    var out: String = "results/figures"

    @Option(help: ArgumentHelp("The gnuplot executable.", valueName: "path"))
    var gnuplot: String = "gnuplot"

    func validate() throws {
        if specs.isEmpty { throw ValidationError("give at least one spec file") }
    }

    func run() throws {
        var opened: ResultStore?
        let studies = try plan.studies(specs) { opened = try store.openForReading(); return opened }
        guard let db = opened else { return }
        let renderer = FigureRenderer(gnuplot: gnuplot)
        let directory = URL(fileURLWithPath: out)
        var failed = 0
        for study in studies {
            let spec = study.spec
            if spec.figures.isEmpty {
                Console.error("\(spec.path): declares no figure; nothing to draw")
                continue
            }
            for data in try FigureBuilder.data(for: study, store: db) {
                do {
                    let png = try renderer.render(data, into: directory)
                    let svg = png.deletingPathExtension().appendingPathExtension("svg")
                    let shown = { (url: URL) in (out as NSString).appendingPathComponent(url.lastPathComponent) }
                    Console.out("\(spec.id): \(shown(png)), \(shown(svg)) (\(data.curves.count) curve(s), \(data.runsDrawn) runs"
                        + (data.runsLeftOut > 0 ? ", \(data.runsLeftOut) not drawn: not run, stale or not ok" : "") + ")\n")
                } catch {
                    Console.error(error.description)
                    failed += 1
                }
            }
        }
        if failed > 0 { throw ExitCode(1) }
    }
}
