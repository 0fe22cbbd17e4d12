import Foundation
import Testing

/// The tiny spec with a series figure and a metric figure.
let tinySiteSpec = tinySpec.replacingOccurrences(of: "record: { every: 50 }", with: """
    record: { every: 50 }
    figures:
      - { id: error, x: iteration, y: error, curves: search_rank, log: [y] }
      - { id: final, x: search_rank, y: final_error, log: [y], band: quantiles }
    """)

/// The package's root folder (this file is Tests/ReproCLITests/…).
let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

/// True when Debian's chromium and chromium-driver are installed.
let chromiumInstalled = FileManager.default.isExecutableFile(atPath: "/usr/bin/chromium")
    && FileManager.default.isExecutableFile(atPath: "/usr/bin/chromedriver")

/// `text` with the five entities `HTML.escape` writes turned back into characters.
func unescapeHTML(_ text: String) -> String {
    text.replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
        .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&#39;", with: "'")
        .replacingOccurrences(of: "&amp;", with: "&")
}

@Suite("The interactive HTML report")
struct HTMLReportCLITests {
    /// A store of the tiny spec and the site written from it.
    func site() throws -> CLI {
        let cli = try CLI()
        try cli.write("tiny.yaml", tinySiteSpec)
        #expect(try cli.run(["run", "tiny.yaml", "--quiet"]).status == 0)
        let r = try cli.run(["report", "tiny.yaml", "--html", "site", "--papers", packageRoot.path + "/experiments/papers.yaml"])
        #expect(r.status == 0, "\(r.stderr)")
        return cli
    }

    /// The claim rows of a page: per `data-claim`, the text of each cell by its class.
    func claimRows(_ html: String) throws -> [String: [String: String]] {
        let row = try Regex(#"<tr [^>]*data-claim="([^"]*)">(.*?)</tr>"#)
        let cell = try Regex(#"<td class="([a-z]+)">(.*?)</td>"#)
        var rows: [String: [String: String]] = [:]
        for match in html.matches(of: row) {
            let claim = unescapeHTML(String(match.output[1].substring ?? ""))
            let body = String(match.output[2].substring ?? "")
            var cells: [String: String] = [:]
            for c in body.matches(of: cell) {
                cells[String(c.output[1].substring ?? "")] = unescapeHTML(String(c.output[2].substring ?? ""))
            }
            rows[claim] = cells
        }
        return rows
    }

    @Test func pagesShowTheVerdictsAndNumbersOfVerify() throws {
        let cli = try site()
        let verify = try cli.run(["verify", "tiny.yaml", "--report", "verify.md"])
        #expect(verify.status == 1)  // the spec's second claim cannot hold
        let markdown = String(decoding: try #require(cli.bytes("verify.md")), as: UTF8.self)
        // | claim | statement | source | measured | expected | margin | P(PASS) | runs | verdict | how |
        let lines = markdown.split(separator: "\n").filter { $0.hasPrefix("| ") && !$0.hasPrefix("| claim") && !$0.hasPrefix("|---") }
        #expect(lines.count == 2)
        let columns = ["claim", "statement", "source", "measured", "expected", "margin", "probability", "runs", "verdict", "how"]
        for page in ["site/index.html", "site/tiny-symmetric.html"] {
            let rows = try claimRows(String(decoding: try #require(cli.bytes(page)), as: UTF8.self))
            #expect(rows.count == 2, "\(page)")
            for line in lines {
                let cells = line.dropFirst(2).dropLast(2).components(separatedBy: " | ")
                    .map { $0.replacingOccurrences(of: "\\|", with: "|") }
                #expect(cells.count == columns.count)
                let html = try #require(rows[cells[0]], "\(page): no row for claim \(cells[0])")
                for (name, text) in zip(columns, cells) {
                    let expected = name == "verdict" ? text.replacingOccurrences(of: "**", with: "") : text
                    #expect(html[name] == expected, "\(page) \(cells[0]) \(name)")
                }
            }
            #expect(rows["exact-rank-converges"]?["verdict"] == "PASS" && rows["impossible"]?["verdict"] == "FAIL")
            #expect(rows["exact-rank-converges"]?["runs"] == "2/2")
        }
    }

    @Test func noGeneratedFileNamesAnExternalAddress() throws {
        let cli = try site()
        let folder = cli.directory.appendingPathComponent("site")
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path)
        #expect(Set(files).isSuperset(of: ["index.html", "tiny-symmetric.html", "report.js", "report.css",
                                           "dygraph.min.js", "dygraph.min.css"]))
        let scheme = try Regex(#"[A-Za-z][A-Za-z0-9+.\-]*://"#)
        let reference = try Regex(#"(?:src|href)\s*=\s*"([^"]*)""#)
        for name in files {
            let text = String(decoding: try Data(contentsOf: folder.appendingPathComponent(name)), as: UTF8.self)
            #expect(text.firstMatch(of: scheme) == nil, "\(name) names an address: \(text.firstMatch(of: scheme).map { String(text[$0.range]) } ?? "")")
            for match in text.matches(of: reference) {
                let target = String(match.output[1].substring ?? "")
                #expect(!target.hasPrefix("//") && !target.hasPrefix("/"), "\(name): \(target) is not inside the site")
                // An inline image (`data:`) or a fragment of the same page stays in the site too.
                let file = target.components(separatedBy: "#")[0]
                #expect(target.hasPrefix("data:") || file.isEmpty || files.contains(file), "\(name): \(target) is not a file of the site")
            }
        }
    }

    @Test(.enabled(if: chromiumInstalled, "needs Debian's chromium and chromium-driver (scripts/install-test-deps.sh)"))
    func siteWorksInHeadlessChromium() throws {
        let cli = try site()
        let screenshot = packageRoot.appendingPathComponent("results/html-report-tiny-symmetric.png")
        try? FileManager.default.removeItem(at: screenshot)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", packageRoot.appendingPathComponent("scripts/check-report.py").path,
                             cli.directory.appendingPathComponent("site").path, "--screenshot", screenshot.path]
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        if process.terminationStatus == 77 { try Test.cancel("Chromium cannot start here: \(stderr)") }
        #expect(process.terminationStatus == 0, "\(stderr)")
        let report = try #require(try JSONSerialization.jsonObject(with: stdout) as? [String: Any], "\(stderr)")
        let pages = try #require(report["pages"] as? [[String: Any]])
        #expect(pages.map { $0["page"] as? String } == ["index.html", "tiny-symmetric.html"])
        let page = try #require(pages.last)
        #expect(page["figures"] as? Int == 2 && page["drawn"] as? Int == 2 && page["canvasCharts"] as? Int ?? 0 >= 2)
        let checks = try #require(page["checks"] as? [String: Bool])
        #expect(checks["no console error"] == true && checks["no request outside the site"] == true)
        #expect(checks["legend click hides the curve, a second click shows it"] == true)
        #expect(checks["a click on a point lists its runs"] == true)
        // A series figure: a click lists the curve's 2 replicates.
        #expect(page["runsListedOnClick"] as? Int == 2)
        #expect(pages.first?["verdictRows"] as? Int == 2)
        let png = try #require(FileManager.default.contents(atPath: screenshot.path))
        #expect(png.starts(with: [0x89, 0x50, 0x4E, 0x47]) && png.count > 10_000)
    }
}
