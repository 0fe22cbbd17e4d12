import ExperimentKit
import Foundation
import ResultStore
import Specs

/// What the report shows of one spec.
public struct ReportSection: Sendable {
    /// The spec.
    public var spec: Spec
    /// Its claims' verdicts on the stored runs.
    public var verdicts: [ClaimVerdict]
    /// Links to its figures' PNGs (relative to the report), nil for a figure not drawn yet.
    public var figures: [(stem: String, link: String?)]
    /// A short wide table: changing parameters, run counts, medians of the metrics its
    /// claims and figures use.
    public var table: Table
    /// Link to the full wide CSV (relative to the report), when it exists.
    public var tableLink: String?
    /// The flags of the plan in force when it is not the spec file's own, else nil.
    public var planFlags: String?
    /// The machines the timings of the spec were measured on, when its claims or figures use
    /// timings (a metric or series ending in `_seconds`, or `x: time`); empty otherwise.
    public var timingMachines: [String] = []
    /// The agreement with a second implementation, for a spec with `agreement:`.
    public var agreement: AgreementTable?

    /// Creates a section.
    public init(spec: Spec, verdicts: [ClaimVerdict], figures: [(stem: String, link: String?)], table: Table,
                tableLink: String?) {
        self.spec = spec
        self.verdicts = verdicts
        self.figures = figures
        self.table = table
        self.tableLink = tableLink
    }

    /// The section of `study`: its verdicts, links to the figures `repro plot` drew into
    /// `figures` and to the wide table `make tables` wrote into `tables` (each relative to
    /// `base`, the report's folder, and nil when the file is not there), and its short table.
    public init(study: Study, figures: String, tables: String, base: String) {
        let spec = study.spec
        let links = spec.figures.map { figure -> (stem: String, link: String?) in
            let stem = figure.fileStem(specID: spec.id)
            let png = (figures as NSString).appendingPathComponent(stem + ".png")
            return (stem, FileManager.default.fileExists(atPath: png) ? ReproductionReport.relativePath(of: png, from: base) : nil)
        }
        let specFile = ((spec.path as NSString).lastPathComponent as NSString).deletingPathExtension
        let csv = (tables as NSString).appendingPathComponent("\(spec.paper)-\(specFile)-wide.csv")
        self.init(spec: spec, verdicts: StudyVerdicts(study).verdicts, figures: links,
                  table: Self.shortTable(spec: spec, runs: study.runs, exporter: Exporter(schema: study.schema)),
                  tableLink: FileManager.default.fileExists(atPath: csv) ? ReproductionReport.relativePath(of: csv, from: base) : nil)
        planFlags = study.plan.isFilePlan ? nil : study.plan.flags
        timingMachines = Self.timingMachines(spec: spec, runs: study.runs)
    }

    /// The distinct machines, `host (OS; OpenBLAS core, threads)`, of the ok runs of a spec
    /// whose claims or figures use timings; empty for a spec that uses none.
    public static func timingMachines(spec: Spec, runs: [PlannedRun]) -> [String] {
        let usesTimings = spec.claims.contains { OutputSpec.isTiming($0.metric) }
            || spec.figures.contains { $0.x == .time || OutputSpec.isTiming($0.y) }
        guard usesTimings else { return [] }
        var machines: [String] = []
        for run in runs {
            guard let record = run.stored?.record, record.status == RunStatus.ok.rawValue else { continue }
            let p = record.provenance
            let machine = "\(p.host) (\(p.os); OpenBLAS \(p.blasCore), \(p.blasThreads) thread(s))"
            if !machines.contains(machine) { machines.append(machine) }
        }
        return machines
    }

    /// The wide table of `runs` cut down for the report: the parameters that change, `runs`,
    /// `ok`, and the median of each metric named by a claim or a metric figure.
    public static func shortTable(spec: Spec, runs: [PlannedRun], exporter: Exporter) -> Table {
        let full = exporter.wideTable(spec: spec, runs: runs, aggregates: ["median"]).onlyChanged()
        var metrics: [String] = []
        let figureMetrics = spec.figures.filter { !$0.plotsSeries }.map(\.y)
        for name in spec.claims.map(\.metric) + figureMetrics where !metrics.contains(name) {
            metrics.append(name)
        }
        let wanted = full.header.filter { full.parameterColumns.contains($0) } + ["runs", "ok"] + metrics.map { $0 + "_median" }
        let keep = wanted.compactMap { full.header.firstIndex(of: $0) }
        return Table(header: keep.map { full.header[$0] }, rows: full.rows.map { row in keep.map { row[$0] } },
                     parameterColumns: full.parameterColumns)
    }
}

/// `results/REPORT.md`: per paper its citation, then per spec the verdict table, the
/// figure(s) and a short table of the runs.
public enum ReproductionReport {
    /// `studies` grouped by paper, papers in the order they first appear, each with its
    /// citation from `citations` and the section `section` makes of each of its studies.
    public static func byPaper<Section>(_ studies: [Study], citations: [String: Citation],
                                        _ section: (Study) throws -> Section) rethrows
        -> [(key: String, citation: Citation?, sections: [Section])] {
        var order: [String] = []
        var sections: [String: [Section]] = [:]
        for study in studies {
            let paper = study.spec.paper
            if sections[paper] == nil { order.append(paper) }
            sections[paper, default: []].append(try section(study))
        }
        return order.map { ($0, citations[$0], sections[$0] ?? []) }
    }

    /// The Markdown text. `papers` are in the order to show, each with its citation (nil when
    /// `papers.yaml` has no entry) and sections.
    public static func markdown(_ papers: [(key: String, citation: Citation?, sections: [ReportSection])]) -> String {
        let verdicts = papers.flatMap { $0.sections.flatMap(\.verdicts) }
        var out = "# Reproduction report\n\nGenerated by `repro report` from the stored runs. "
            + Verification.summary(verdicts: verdicts) + ".\n\n"
        for paper in papers {
            out += "## \(paper.key)\n\n\(paper.citation?.text ?? "(no entry in papers.yaml)")\n\n"
            for section in paper.sections {
                let spec = section.spec
                out += "### \(spec.id)\n\n\(cell(spec.title)). Spec `\(spec.path)`"
                    + (section.planFlags.map { ", plan `\($0)`" } ?? "") + "; "
                    + Verification.summary(verdicts: section.verdicts) + ".\n\n"
                if !section.verdicts.isEmpty {
                    out += Verification.markdownTable(section.verdicts) + Verification.deviations(section.verdicts) + "\n"
                }
                if let agreement = section.agreement { out += agreement.markdown }
                for figure in section.figures {
                    if let link = figure.link {
                        out += "![\(figure.stem)](\(link))\n\n"
                    } else {
                        out += "(figure `\(figure.stem)` not drawn yet: `make figures`)\n\n"
                    }
                }
                if !section.table.rows.isEmpty {
                    out += "Runs (medians over the ok replicates):\n\n"
                    out += markdownTable(section.table.header, section.table.rows.map { $0.map(shortCell) }) + "\n"
                }
                if let link = section.tableLink { out += "Full table: [\(link)](\(link))\n\n" }
                if !section.timingMachines.isEmpty {
                    out += "Timings measured on: " + section.timingMachines.map(cell).joined(separator: "; ") + ".\n\n"
                }
                if let notes = spec.notes, !notes.isEmpty { out += "Notes: \(cell(notes))\n\n" }
            }
        }
        out += Verification.fragileSection(papers.flatMap { $0.sections.flatMap { s in s.verdicts.map { (s.spec.id, $0) } } })
        return out
    }

    /// A Markdown table; `|` escaped and line breaks flattened in every cell.
    static func markdownTable(_ header: [String], _ rows: [[String]]) -> String {
        ([header, header.map { _ in "---" }] + rows).map { "| " + $0.map(cell).joined(separator: " | ") + " |" }
            .joined(separator: "\n") + "\n"
    }

    /// Text safe inside a Markdown table cell or paragraph line.
    static func cell(_ text: String) -> String {
        text.split(whereSeparator: \.isNewline).joined(separator: " ").replacingOccurrences(of: "|", with: "\\|")
    }

    /// A CSV number cell with 4 significant digits; other text as is.
    static func shortCell(_ text: String) -> String {
        guard text.contains("."), let x = Double(text) else { return text }
        return ClaimEvaluator.format(x)
    }

    /// The path of `target` relative to the directory `base` (both relative to the working
    /// directory or absolute), e.g. `figures/x.png` for `results/figures/x.png` from `results`.
    public static func relativePath(of target: String, from base: String) -> String {
        let cwd = FileManager.default.currentDirectoryPath
        func components(_ path: String) -> [String] {
            let absolute = path.hasPrefix("/") ? path : cwd + "/" + path
            return URL(fileURLWithPath: absolute).standardizedFileURL.pathComponents
        }
        let t = components(target), b = components(base)
        var common = 0
        while common < min(t.count, b.count), t[common] == b[common] { common += 1 }
        return (Array(repeating: "..", count: b.count - common) + t[common...]).joined(separator: "/")
    }
}
