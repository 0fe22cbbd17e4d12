import Foundation
import ResultStore
import Testing

@Suite(.serialized) struct CLITests {
    @Test func describeListsTheSchema() throws {
        let cli = try CLI()
        let r = try cli.run(["describe", "matrix-sensing"])
        #expect(r.status == 0)
        #expect(r.stdout.contains("search_rank (k)"))
        #expect(r.stdout.contains("linear_rate"))
    }

    @Test func aTypoInAKeyExitsTwoWithFileLineColumnAndSuggestion() throws {
        let cli = try CLI()
        try cli.write("good.yaml", tinySpec)
        #expect(try cli.run(["run", "good.yaml", "--quiet"]).status == 0)
        let before = try #require(cli.bytes("store.sqlite"))
        let typo = tinySpec.replacingOccurrences(of: "iterations: 300", with: "iteratons: 300")
        try cli.write("typo.yaml", typo)
        let r = try cli.run(["run", "typo.yaml"])
        #expect(r.status == 2)
        let lines = r.stderr.split(separator: "\n")
        #expect(lines.count == 1)
        #expect(r.stderr.hasPrefix("repro: typo.yaml:5:101: params.iteratons: "))
        #expect(r.stderr.contains("iteratons"))
        #expect(r.stderr.contains("did you mean 'iterations'?"))
        #expect(cli.bytes("store.sqlite") == before)
    }

    @Test func secondRunRunsNothingAndRerunIsBitIdentical() throws {
        let cli = try CLI()
        try cli.write("tiny.yaml", tinySpec)
        let first = try cli.run(["run", "tiny.yaml", "--jobs", "2"])
        #expect(first.status == 0)
        #expect(first.stdout.contains("4 planned, 0 already stored, ran 4"))
        let exported = try cli.run(["export", "tiny.yaml"])
        #expect(exported.status == 0)
        let second = try cli.run(["run", "tiny.yaml"])
        #expect(second.stdout.contains("4 planned, 4 already stored, ran 0"))
        let rerun = try cli.run(["run", "tiny.yaml", "--rerun", "--jobs", "1"])
        #expect(rerun.stdout.contains("ran 4"))
        let again = try cli.run(["export", "tiny.yaml"])
        // Everything but the wall-clock durations (column 4, wall_seconds) is bit-identical.
        let withoutTimings = { (text: String) in CSV.parse(text).map { $0.enumerated().filter { $0.offset != 4 }.map(\.element) } }
        #expect(withoutTimings(again.stdout) == withoutTimings(exported.stdout))
        let rows = CSV.parse(exported.stdout)
        #expect(rows.first?.prefix(4) == ["spec", "run", "replicate", "status"])
        #expect(rows.first?.suffix(2) == ["metric", "value"])
    }

    @Test func wideExportHasOneRowPerSweepPoint() throws {
        let cli = try CLI()
        try cli.write("tiny.yaml", tinySpec)
        try cli.run(["run", "tiny.yaml", "--quiet"])
        let r = try cli.run(["export", "tiny.yaml", "--wide"])
        #expect(r.status == 0)
        let rows = CSV.parse(r.stdout)
        #expect(rows.count == 3)
        let header = try #require(rows.first)
        #expect(header.contains("final_error_mean") && header.contains("final_error_std"))
        let k = try #require(header.firstIndex(of: "search_rank"))
        #expect(rows[1][k] == "1" && rows[2][k] == "2")
        let series = try cli.run(["export", "tiny.yaml", "--series", "error"])
        let seriesRows = CSV.parse(series.stdout)
        // 4 runs × steps 0, 50, …, 300 = 7 points each.
        #expect(seriesRows.count == 1 + 4 * 7)
    }

    @Test func verifyReportsEveryClaimAndExitsOneOnFailure() throws {
        let cli = try CLI()
        try cli.write("tiny.yaml", tinySpec)
        try cli.run(["run", "tiny.yaml", "--quiet"])
        let r = try cli.run(["verify", "tiny.yaml", "--report", "report.md"])
        #expect(r.status == 1)
        #expect(r.stdout.contains("exact-rank-converges"))
        #expect(r.stdout.contains("PASS"))
        #expect(r.stdout.contains("impossible"))
        #expect(r.stdout.contains("FAIL"))
        #expect(r.stdout.contains("1 reproduced, 0 deviate (documented), 1 failed, 0 incomplete"))
        let report = String(decoding: try #require(cli.bytes("report.md")), as: UTF8.self)
        #expect(report.contains("| exact-rank-converges |"))
        let passing = tinySpec.components(separatedBy: "  - id: impossible")[0]
        try cli.write("pass.yaml", passing)
        #expect(try cli.run(["verify", "pass.yaml"]).status == 0)
    }

    @Test func statusExplainsEachRun() throws {
        let cli = try CLI()
        try cli.write("tiny.yaml", tinySpec)
        let before = try cli.run(["status", "tiny.yaml"])
        #expect(before.stdout.contains("4 planned, 0 done"))
        try cli.run(["run", "tiny.yaml", "--quiet", "--replicates", "1"])
        let after = try cli.run(["status", "tiny.yaml", "--why", "--replicates", "2"])
        #expect(after.stdout.contains("4 planned, 2 done (ok 2, diverged 0, failed 0), missing 2"))
        #expect(after.stdout.components(separatedBy: "will run").count - 1 == 2)
        #expect(after.stdout.contains("will not run"))
    }

    @Test func showAndListReadTheStore() throws {
        let cli = try CLI()
        try cli.write("tiny.yaml", tinySpec)
        try cli.run(["run", "tiny.yaml", "--quiet"])
        let list = try cli.run(["list"])
        #expect(list.stdout.contains("tiny-symmetric") && list.stdout.contains("ok 4"))
        let rows = CSV.parse(try cli.run(["export", "tiny.yaml"]).stdout)
        let key = String(try #require(rows.dropFirst().first?[1]).prefix(10))
        let show = try cli.run(["show", key])
        #expect(show.status == 0)
        #expect(show.stdout.contains("final_error"))
        #expect(show.stdout.contains("OpenBLAS"))
        #expect(try cli.run(["show", "zzzz"]).status == 2)
    }

    @Test func aDivergingRunIsStoredAndTheSweepGoesOn() throws {
        let cli = try CLI()
        let spec = tinySpec.replacingOccurrences(of: "search_rank: [1, 2]", with: "step: [0.1, 80.0]")
            .replacingOccurrences(of: "where: { search_rank: 1 }", with: "where: { step: 0.1 }")
            .replacingOccurrences(of: "where: { search_rank: 2 }", with: "where: { step: 80.0 }")
            .replacingOccurrences(of: "init_scale: 0.5, step: 0.1,", with: "init_scale: 0.5,")
        try cli.write("div.yaml", spec)
        let r = try cli.run(["run", "div.yaml", "--quiet"])
        #expect(r.status == 0)
        #expect(r.stdout.contains("ok 2, diverged 2, failed 0"))
    }

    @Test func dryRunCountsWhatWouldRunAndTouchesNothing() throws {
        let cli = try CLI()
        try cli.write("tiny.yaml", tinySpec)
        let empty = try cli.run(["run", "tiny.yaml", "--dry-run"])
        #expect(empty.status == 0)
        #expect(empty.stdout == "tiny-symmetric: 4 planned, 0 stored, would run 4\n")
        #expect(cli.bytes("store.sqlite") == nil)
        try cli.run(["run", "tiny.yaml", "--quiet", "--replicates", "1"])
        let before = try #require(cli.bytes("store.sqlite"))
        let partial = try cli.run(["run", "tiny.yaml", "--dry-run"])
        #expect(partial.stdout == "tiny-symmetric: 4 planned, 2 stored, would run 2\n")
        let forced = try cli.run(["run", "tiny.yaml", "--dry-run", "--rerun"])
        #expect(forced.stdout == "tiny-symmetric: 4 planned, 2 stored, would run 4\n")
        #expect(cli.bytes("store.sqlite") == before)
    }

    @Test func batchIsValidatedBeforeRunningAndCountsRunsNotBatches() throws {
        let cli = try CLI()
        try cli.write("tiny.yaml", tinySpec)
        for bad in ["0", "-3", "x"] {
            let r = try cli.run(["run", "tiny.yaml", "--batch", bad])
            #expect(r.status == 2, "--batch \(bad)")
            #expect(r.stderr.split(separator: "\n").count == 1 && r.stderr.contains("--batch"), "\(r.stderr)")
        }
        #expect(cli.bytes("store.sqlite") == nil)
        #expect(try cli.run(["run", "--help"]).stdout.contains("--batch <N>"))
        for batch in ["1", "3"] {
            let r = try cli.run(["run", "tiny.yaml", "--batch", batch, "--quiet", "--db", cli.path("b\(batch).sqlite")])
            #expect(r.status == 0 && r.stdout.contains("4 planned, 0 already stored, ran 4 (ok 4"), "\(r.stdout)")
        }
    }

    @Test func badArgumentsExitTwo() throws {
        let cli = try CLI()
        #expect(try cli.run(["run"]).status == 2)
        #expect(try cli.run(["run", "missing.yaml"]).status == 2)
        #expect(try cli.run(["frobnicate"]).status == 2)
        #expect(try cli.run(["describe", "matrix-sensin"]).stderr.contains("did you mean 'matrix-sensing'?"))
        #expect(try cli.run(["list"]).status == 2)
        #expect(cli.bytes("store.sqlite") == nil)
    }
}
