import Foundation
import ResultStore
import Specs

/// What the HTML report shows of one spec: the Markdown report's section (verdicts, plan)
/// and, from the same study, its figures' data, the table of its sweep points and its runs.
public struct SiteSection: Sendable {
    /// The section of the Markdown report.
    public var report: ReportSection
    /// The data of each of its figures.
    public var figures: [FigureData]
    /// One row per sweep point: the parameters that change, run counts, and the median of
    /// every metric over the ok replicates.
    public var points: Table
    /// The planned runs, joined with the store.
    public var runs: [PlannedRun]
    /// The planned runs by state.
    public var counts: StudyCounts

    /// The section of `study`, whose Markdown section is `report`; series are read from `store`.
    public init(study: Study, report: ReportSection, store: ResultStore) throws(StudyError) {
        self.report = report
        self.figures = try FigureBuilder.data(for: study, store: store)
        self.points = Exporter(schema: study.schema).wideTable(spec: study.spec, runs: study.runs, aggregates: ["median"])
            .onlyChanged().withoutColumns(["spec", "run_ids"])
        self.runs = study.runs
        self.counts = study.counts
    }
}

/// Why the site could not be written.
public struct SiteError: Error, Sendable, CustomStringConvertible {
    /// One line for the user.
    public var description: String
}

/// The interactive report: `index.html` with every paper, its citation and a verdict table
/// per spec, and a page per spec drawing its figures with dygraphs from the stored runs.
/// Self-contained: the charting library is copied from its Debian package into the site,
/// each page carries its data, and no page requests anything outside its folder.
public struct ReportSite: Sendable {
    /// Where Debian's `libjs-dygraphs` puts the library.
    public static let defaultLibrary = "/usr/share/javascript/dygraphs"

    /// The folder holding `dygraph.min.js` and `dygraph.min.css`.
    public var library: String

    /// Creates a site writer copying the charting library from `library`.
    public init(library: String = ReportSite.defaultLibrary) { self.library = library }

    /// Writes the site into `directory` (created when missing; files of the same names are
    /// replaced) and returns the paths written.
    @discardableResult
    public func write(_ papers: [(key: String, citation: Citation?, sections: [SiteSection])],
                      to directory: String) throws(SiteError) -> [String] {
        var files: [(name: String, text: String)] = [
            ("index.html", Self.index(papers)), ("report.js", SiteScript.source), ("report.css", SiteStyle.source),
        ]
        for paper in papers {
            for section in paper.sections {
                files.append((Self.pageName(section.report.spec), try Self.page(section, paper: paper.key)))
            }
        }
        files += try libraryFiles()
        var written: [String] = []
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            for file in files {
                let path = (directory as NSString).appendingPathComponent(file.name)
                try Data(file.text.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
                written.append(path)
            }
        } catch {
            throw SiteError(description: "\(directory): cannot write the site: \(error.localizedDescription)")
        }
        return written
    }

    /// The library's script and style sheet, and its licence. The script's first-line licence
    /// comment points to a web page; the copy names the licence file beside it instead, and
    /// drops the source-map comment (the map is not copied).
    func libraryFiles() throws(SiteError) -> [(name: String, text: String)] {
        func read(_ name: String) throws(SiteError) -> String {
            let path = (library as NSString).appendingPathComponent(name)
            guard let data = FileManager.default.contents(atPath: path) else {
                throw SiteError(description: "\(path): not found; the HTML report needs Debian's libjs-dygraphs (make deps)")
            }
            return String(decoding: data, as: UTF8.self)
        }
        var script = try read("dygraph.min.js").split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if let first = script.first, first.hasPrefix("/*!"), first.contains("://") {
            script[0] = "/*! @license dygraphs (MIT): dygraphs-LICENSE.txt beside this file */"
        }
        script.removeAll { $0.hasPrefix("//# sourceMappingURL=") }
        let licence = FileManager.default.contents(atPath: "/usr/share/doc/libjs-dygraphs/copyright")
            .map { String(decoding: $0, as: UTF8.self) } ?? "dygraphs is MIT-licensed; see the libjs-dygraphs package.\n"
        return [("dygraph.min.js", script.joined(separator: "\n")), ("dygraph.min.css", try read("dygraph.min.css")),
                ("dygraphs-LICENSE.txt", licence)]
    }

    /// The file name of a spec's page: its id (spec ids are unique in a store).
    public static func pageName(_ spec: Spec) -> String {
        let safe = { (s: String) in String(s.map { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" ? $0 : "_" }) }
        return "\(safe(spec.id)).html"
    }

    /// What a figure's line and band are.
    static func bandText(_ band: FigureBand) -> String {
        switch band {
        case .minmax: return "Line: median over replicates; band: min to max."
        case .quantiles: return "Line: median over replicates; band: 10% to 90% quantile."
        case .none: return "Line: median over replicates."
        }
    }

    /// The head of a page and the opening of its body.
    static func head(title: String) -> String {
        """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(HTML.escape(title))</title>
        <link rel="stylesheet" href="dygraph.min.css">
        <link rel="stylesheet" href="report.css">
        </head>
        <body>

        """
    }

    /// `index.html`: the summary, then per paper its citation and per spec a link to its page
    /// and its verdict table.
    static func index(_ papers: [(key: String, citation: Citation?, sections: [SiteSection])]) -> String {
        let verdicts = papers.flatMap { $0.sections.flatMap(\.report.verdicts) }
        var out = head(title: "Reproduction report") + "<h1>Reproduction report</h1>\n"
            + "<p class=\"summary\">\(HTML.escape(Verification.summary(verdicts: verdicts))).</p>\n"
        out += "<nav class=\"toc\"><ul>" + papers.map { p in
            "<li><a href=\"#\(HTML.escape(p.key))\">\(HTML.escape(p.key))</a> (\(p.sections.count) specs)</li>"
        }.joined() + "</ul></nav>\n"
        for paper in papers {
            out += "<section class=\"paper\" id=\"\(HTML.escape(paper.key))\">\n<h2>\(HTML.escape(paper.key))</h2>\n"
            out += "<p class=\"citation\">\(HTML.escape(paper.citation.map(citationText) ?? "(no entry in papers.yaml)"))</p>\n"
            for section in paper.sections {
                let spec = section.report.spec
                out += "<section class=\"spec\" data-spec=\"\(HTML.escape(spec.id))\">\n"
                out += "<h3><a href=\"\(HTML.escape(pageName(spec)))\">\(HTML.escape(spec.id))</a>: \(HTML.escape(spec.title))</h3>\n"
                out += "<p>\(HTML.escape(Verification.summary(verdicts: section.report.verdicts))); runs: "
                    + "\(HTML.escape(section.counts.description)).</p>\n"
                out += verdictTable(section)
            }
            out += "</section>\n"
        }
        return out + "</body>\n</html>\n"
    }

    /// The citation as text, without a `url` field: the site names no address outside itself.
    static func citationText(_ citation: Citation) -> String {
        var fields = citation.fields
        fields["url"] = nil
        return Citation(key: citation.key, fields: fields).text
    }

    /// The verdict table of a section, the cells as `repro verify` writes them.
    static func verdictTable(_ section: SiteSection) -> String {
        let verdicts = section.report.verdicts
        guard !verdicts.isEmpty else { return "<p>No claims.</p>\n" }
        let rows = verdicts.map { v in
            [v.claim.id, v.claim.text, v.claim.source?.description ?? "-", v.measured.map(ClaimEvaluator.format) ?? "not measured",
             v.claim.expect.description, v.marginText, v.probabilityText, v.runsText, v.label + Verification.fragility(v), v.detail]
        }
        let classes = ["claim", "statement", "source", "measured", "expected", "margin", "probability", "runs", "verdict", "how"]
        var out = HTML.table(
            header: ["claim", "statement", "source", "measured", "expected", "margin", "P(PASS)", "runs (entered/planned)", "verdict", "how"],
            rows: rows,
            rowAttributes: { i in
                let v = verdicts[i]
                return "class=\"verdict-\(v.deviationOutOfDate ? "outofdate" : v.verdict.rawValue.lowercased())\(v.isFragile ? " fragile" : "")\" "
                    + "data-spec=\"\(HTML.escape(section.report.spec.id))\" data-claim=\"\(HTML.escape(v.claim.id))\""
            },
            cellClasses: classes, tableClass: "verdicts")
        let deviations = verdicts.compactMap { v in v.claim.deviation.map { (v, $0) } }
        if !deviations.isEmpty {
            out += "<div class=\"deviations\"><p>Documented deviations:</p><ul>\n"
            for (v, d) in deviations {
                out += "<li><code>\(HTML.escape(v.claim.id))</code>" + (v.deviationOutOfDate ? " <strong>(now passes: the spec is out of date)</strong>" : "")
                    + ": <em>measured</em> \(HTML.escape(d.measured)) <em>tried</em> \(HTML.escape(d.tried)) "
                    + "<em>explanation</em> \(HTML.escape(d.explanation))</li>\n"
            }
            out += "</ul></div>\n"
        }
        return out
    }

    /// A spec's page: title, plan and counts, verdict table, one interactive chart per figure,
    /// the sweep points' table, notes, and the data the charts draw.
    static func page(_ section: SiteSection, paper: String) throws(SiteError) -> String {
        let spec = section.report.spec
        var out = head(title: "\(spec.id): \(spec.title)")
        out += "<nav><a href=\"index.html\">All papers</a> › <a href=\"index.html#\(HTML.escape(paper))\">\(HTML.escape(paper))</a></nav>\n"
        out += "<h1>\(HTML.escape(spec.id)): \(HTML.escape(spec.title))</h1>\n"
        out += "<p class=\"spec-facts\">Spec <code>\(HTML.escape(spec.path))</code>, model <code>\(HTML.escape(spec.model))</code>"
            + (section.report.planFlags.map { ", plan <code>\(HTML.escape($0))</code>" } ?? "")
            + ". Runs: \(HTML.escape(section.counts.description)).</p>\n"
        out += "<h2>Claims</h2>\n<p>\(HTML.escape(Verification.summary(verdicts: section.report.verdicts))).</p>\n"
        out += verdictTable(section)
        if let agreement = section.report.agreement { out += agreement.html }
        if !section.figures.isEmpty {
            out += "<h2>Figures</h2>\n<p class=\"help\">Drag to zoom, double-click to reset; hover for values; click a "
                + "legend entry to hide or show its curve; click a point for its runs' provenance.</p>\n"
            for (i, figure) in section.figures.enumerated() {
                out += "<section class=\"figure\" data-figure=\"\(i)\">\n<h3>\(HTML.escape(figure.title))</h3>\n"
                    + "<div class=\"controls\"></div>\n<div class=\"chart\"></div>\n<div class=\"hover\"></div>\n"
                    + "<ul class=\"legend\"></ul>\n<p class=\"figure-facts\">\(HTML.escape(bandText(figure.figure.band)))"
                    + " \(figure.runsDrawn) runs drawn"
                    + (figure.runsLeftOut > 0 ? ", \(figure.runsLeftOut) selected but not drawn (not run, stale, diverged or failed)" : "")
                    + ".</p>\n<div class=\"provenance\" hidden></div>\n</section>\n"
            }
        }
        out += "<h2>Sweep points</h2>\n"
        if section.points.rows.isEmpty {
            out += "<p>No runs planned.</p>\n"
        } else {
            out += "<p>One row per sweep point; metrics are medians over its ok replicates.</p>\n<div class=\"scroll\">"
                + HTML.table(header: section.points.header,
                             rows: section.points.rows.map { $0.map(ReproductionReport.shortCell) }, tableClass: "points")
                + "</div>\n"
        }
        if let notes = spec.notes, !notes.isEmpty { out += "<h2>Notes</h2>\n<p class=\"notes\">\(HTML.escape(notes))</p>\n" }
        let payload = SitePayload(figures: section.figures, runs: section.runs)
        let json: String
        do {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            json = String(decoding: try encoder.encode(payload), as: UTF8.self)
        } catch {
            throw SiteError(description: "\(spec.path): cannot encode the page's data: \(error)")
        }
        // Inside <script>, "<" is written as its JSON escape so that no text closes the element.
        out += "<script type=\"application/json\" id=\"site-data\">" + json.replacingOccurrences(of: "<", with: "\\u003c")
            + "</script>\n<script src=\"dygraph.min.js\"></script>\n<script src=\"report.js\"></script>\n"
        return out + "</body>\n</html>\n"
    }
}
