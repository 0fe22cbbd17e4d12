import Foundation
import ResultStore
import Testing

/// The tiny spec with a title and notes full of CSV's special characters, and a figure.
let awkwardSpec = tinySpec
    .replacingOccurrences(of: "title: Tiny symmetric sensing, for the CLI tests",
                          with: #"title: "Tiny, \"quoted\" sensing\nsecond line""#)
    + """
    notes: "tuned by hand, \\"twice\\"\\nand a second line"
    figure: { x: iteration, y: error, curves: search_rank, log: [y] }

    """

/// Runs `python3 -c SCRIPT ARGS` and returns its stdout.
func python(_ script: String, _ arguments: [String], in directory: URL) throws -> (status: Int32, stdout: String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["python3", "-c", script] + arguments
    process.currentDirectoryURL = directory
    let out = Pipe()
    process.standardOutput = out
    try process.run()
    let data = out.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: data, as: UTF8.self))
}

@Suite("Figures, export, compare and report on the command line")
struct FiguresCLITests {
    @Test func exportRoundTripsThroughPythonsCSVModule() throws {
        let cli = try CLI()
        try cli.write("tiny.yaml", awkwardSpec)
        #expect(try cli.run(["run", "tiny.yaml", "--quiet"]).status == 0)
        let title = "Tiny, \"quoted\" sensing\nsecond line", notes = "tuned by hand, \"twice\"\nand a second line"
        for layout in ["--long", "--wide"] {
            let r = try cli.run(["export", "tiny.yaml", layout, "--spec-text", "--only-changed", "--sort=-search_rank",
                                 "--aggregate", "median,q10,q90,count", "--out", "table.csv"])
            #expect(r.status == 0, "\(r.stderr)")
            let text = String(decoding: try #require(cli.bytes("table.csv")), as: UTF8.self)
            let parsed = try python("""
                import csv, json, sys
                with open(sys.argv[1], newline='') as f:
                    print(json.dumps(list(csv.reader(f))))
                """, ["table.csv"], in: cli.directory)
            #expect(parsed.status == 0)
            let rows = try #require(try JSONSerialization.jsonObject(with: Data(parsed.stdout.utf8)) as? [[String]])
            #expect(rows == CSV.parse(text))
            let runColumn = try #require(rows[0].firstIndex(of: layout == "--long" ? "run" : "run_ids"))
            let runIDs = Set(rows.dropFirst().flatMap { $0[runColumn].split(separator: " ") })
            #expect(runIDs.count == 4)
            #expect(layout == "--long" ? rows.count > 1 + 4 * 5 : rows.count == 1 + 2)
            #expect(Array(rows[0].prefix(3)) == ["spec", "title", "notes"])
            #expect(rows.dropFirst().allSatisfy { $0[1] == title && $0[2] == notes })
            let k = try #require(rows[0].firstIndex(of: "search_rank"))
            #expect(rows[1][k] == "2" && rows.last?[k] == "1")
            #expect(!rows[0].contains("n") && !rows[0].contains("step"))
            if layout == "--wide" {
                #expect(rows[0].contains("final_error_q90") && rows[0].contains("run_ids") && rows[0].contains("wall_seconds"))
            }
        }
        #expect(try cli.run(["export", "tiny.yaml", "--sort", "nope"]).status == 2)
        #expect(try cli.run(["export", "tiny.yaml", "--wide", "--aggregate", "q200"]).status == 2)
    }

    @Test func compareShowsExactlyTheOneChangedRun() throws {
        let cli = try CLI()
        try cli.write("tiny.yaml", tinySpec)
        #expect(try cli.run(["run", "tiny.yaml", "--quiet", "--db", "a.sqlite"]).status == 0)
        #expect(try cli.run(["run", "tiny.yaml", "--quiet", "--db", "b.sqlite"]).status == 0)
        let same = try cli.run(["compare", "a.sqlite", "b.sqlite", "tiny.yaml", "--fail-on-regression"])
        #expect(same.status == 0)
        #expect(same.stdout.contains("tiny-symmetric: runs on both 4, only in A 0, only in B 0; 0 of "))
        // Raise one exact-rank run's final error above the claim's 1e-6 bound in B.
        let key = try python("""
            import sqlite3, struct, sys
            db = sqlite3.connect(sys.argv[1])
            key = db.execute("SELECT r.key FROM runs r JOIN points p ON p.id = r.point_id "
                             "WHERE p.params_json LIKE '%\\"search_rank\\":1,%' AND r.replicate = 1").fetchone()[0]
            # A run's metrics are one row: name ids as LEB128 varints, values as little-endian doubles.
            run, packed_ids, packed_values = db.execute(
                'SELECT m.run_id, m.name_ids, m."values" FROM metrics m JOIN runs r ON r.id = m.run_id WHERE r.key = ?',
                (key,)).fetchone()
            ids, v, shift = [], 0, 0
            for b in packed_ids:
                v |= (b & 0x7f) << shift
                if b & 0x80:
                    shift += 7
                else:
                    ids.append(v)
                    v, shift = 0, 0
            values = list(struct.unpack('<%dd' % len(ids), packed_values))
            values[ids.index(db.execute("SELECT id FROM names WHERE name = 'final_error'").fetchone()[0])] = 0.5
            db.execute('UPDATE metrics SET "values" = ? WHERE run_id = ?', (struct.pack('<%dd' % len(ids), *values), run))
            db.commit()
            print(key)
            """, ["b.sqlite"], in: cli.directory)
        #expect(key.status == 0)
        let r = try cli.run(["compare", "a.sqlite", "b.sqlite", "tiny.yaml"])
        #expect(r.status == 0)
        let differing = r.stdout.split(separator: "\n").filter { $0.hasSuffix("  *") }
        #expect(differing.count == 1)
        let cells = try #require(differing.first).components(separatedBy: "  ")
            .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        #expect(cells.count == 7 && Array(cells.prefix(3)) == ["search_rank = 1", "1", "final_error"], "\(r.stdout)")
        #expect(cells[4] == "0.5" && cells[6] == "*")
        #expect(r.stdout.contains("1 of "))
        #expect(r.stdout.contains("pass→fail"))
        #expect(try cli.run(["compare", "a.sqlite", "b.sqlite", "tiny.yaml", "--fail-on-regression"]).status == 1)
        // B against A: the claim recovers, which is no regression.
        #expect(try cli.run(["compare", "b.sqlite", "a.sqlite", "tiny.yaml", "--fail-on-regression"]).status == 0)
    }

    @Test func plotDrawsPNGAndSVGAndReportLinksThem() throws {
        let cli = try CLI()
        try cli.write("tiny.yaml", awkwardSpec)
        try cli.write("papers.yaml", "xiong2023:\n  authors: A. Author, B. Author\n  title: A Paper\n  venue: ICLR 2024\n")
        let early = try cli.run(["plot", "tiny.yaml", "--out", "figs"])
        #expect(early.status == 2, "the store does not exist yet")
        #expect(try cli.run(["run", "tiny.yaml", "--quiet"]).status == 0)
        let r = try cli.run(["plot", "tiny.yaml", "--out", "figs"])
        #expect(r.status == 0, "\(r.stderr)")
        let png = try #require(cli.bytes("figs/tiny-symmetric.png"))
        #expect(Array(png.prefix(8)) == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
        #expect(png.count > 10_000)
        let svg = String(decoding: try #require(cli.bytes("figs/tiny-symmetric.svg")), as: UTF8.self)
        #expect(svg.contains("<svg") && svg.contains("search_rank = 2"))
        let data = String(decoding: try #require(cli.bytes("figs/tiny-symmetric.dat")), as: UTF8.self)
        // Two curves, steps 0, 50, …, 300 each, two replicates per step.
        let rows = data.split(separator: "\n").filter { !$0.hasPrefix("#") }
        #expect(rows.count == 2 * 7 && rows.allSatisfy { $0.hasSuffix(" 2") })

        let report = try cli.run(["report", "tiny.yaml", "--out", "out/REPORT.md", "--figures", "figs", "--papers", "papers.yaml"])
        #expect(report.status == 0, "\(report.stderr)")
        let md = String(decoding: try #require(cli.bytes("out/REPORT.md")), as: UTF8.self)
        #expect(md.contains("A. Author, B. Author. “A Paper”. ICLR 2024"))
        #expect(md.contains("![tiny-symmetric](../figs/tiny-symmetric.png)"))
        #expect(md.contains("| exact-rank-converges |") && md.contains("**FAIL**"))
        #expect(md.contains("1 reproduced, 0 deviate (documented), 1 failed, 0 incomplete"))
    }
}
