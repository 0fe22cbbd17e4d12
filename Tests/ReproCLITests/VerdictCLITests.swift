import Foundation
import ResultStore
import Testing

/// The tiny spec with a figure, so that `plot` and `report` have something to draw.
let tinyFigureSpec = tinySpec.replacingOccurrences(of: "record: { every: 50 }", with: """
    record: { every: 50 }
    figure: { x: iteration, y: error, curves: search_rank, log: [y] }
    """)

/// Verdicts that cannot mislead: partial data is INCOMPLETE, the plan of the last run is
/// remembered, overrides are validated like the file.
@Suite(.serialized) struct VerdictCLITests {
    /// The tiny sweep with 3 replicates and one claim over every run, so that any missing run
    /// touches it. Shard 1/2 of its plan holds 5 of its 6 runs.
    static let allRunsSpec = """
        id: all-runs
        title: One claim over every run
        paper: xiong2023
        model: matrix-sensing
        params: { n: 6, rank: 1, measurements: 80, parameterization: symmetric, init_scale: 0.5, step: 0.1, iterations: 300 }
        sweep:
          search_rank: [1, 2]
        replicates: 3
        claims:
          - id: error-below-one
            text: Every run ends with an error below 1
            metric: final_error
            aggregate: max
            expect: { below: 1.0 }
            source: { calibration: "a test threshold" }

        """

    /// `text` with every run of spaces cut to one, so that table columns compare as words.
    func squeezed(_ text: String) -> String {
        text.split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ")
    }

    @Test func aShardAloneIsIncompleteNeverPass() throws {
        let cli = try CLI()
        try cli.write("all.yaml", Self.allRunsSpec)
        let shard = try cli.run(["run", "all.yaml", "--quiet", "--shard", "1/2"])
        #expect(shard.status == 0)
        let stored = try ResultStore(readingAt: cli.directory.appendingPathComponent("store.sqlite").path).runCount()
        #expect(stored > 0 && stored < 6, "shard 1/2 of this plan holds some runs but not all: \(shard.stdout)")
        let partial = try cli.run(["verify", "all.yaml"])
        #expect(partial.status == 3, "\(partial.stdout)\(partial.stderr)")
        let verdicts = partial.stdout.split(separator: "\n").dropFirst()
        #expect(!verdicts.isEmpty && verdicts.allSatisfy { !$0.contains("PASS") || $0.contains("reproduced") })
        #expect(partial.stdout.contains("INCOMPLETE"))
        #expect(squeezed(partial.stdout).contains("\(stored)/6 INCOMPLETE"))
        #expect(partial.stdout.contains("0 reproduced, 0 deviate (documented), 0 failed, 1 incomplete"))

        try cli.run(["run", "all.yaml", "--quiet", "--shard", "2/2"])
        let whole = try cli.run(["verify", "all.yaml"])
        #expect(whole.status == 0)
        #expect(squeezed(whole.stdout).contains("6/6 PASS"))
    }

    @Test func aFailedClaimOutranksAnIncompleteOne() throws {
        let cli = try CLI()
        try cli.write("tiny.yaml", tinySpec)
        try cli.run(["run", "tiny.yaml", "--quiet", "--replicates", "1"])
        let r = try cli.run(["verify", "tiny.yaml", "--replicates", "2"])
        #expect(squeezed(r.stdout).contains("1/2 INCOMPLETE"))
        #expect(r.status == 3, "the failing claim's runs are incomplete too: no FAIL on partial data")
        let complete = try cli.run(["verify", "tiny.yaml", "--replicates", "1"])
        #expect(complete.status == 1 && complete.stdout.contains("FAIL"))
    }

    @Test func laterCommandsUseThePlanOfTheLastRunAndSaySo() throws {
        let cli = try CLI()
        try cli.write("tiny.yaml", tinyFigureSpec)
        let run = try cli.run(["run", "tiny.yaml", "--quiet", "--set", "iterations=100", "--replicates", "1"])
        #expect(run.status == 0 && run.stdout.contains("2 planned"))
        let notice = "repro: tiny-symmetric: using the plan of the last run: --set iterations=100 --replicates 1\n"

        let verify = try cli.run(["verify", "tiny.yaml"])
        #expect(verify.stderr == notice)
        #expect(squeezed(verify.stdout).components(separatedBy: " 1/1 ").count == 3, "both claims on the 2 runs stored")
        #expect(!verify.stdout.contains("INCOMPLETE"))
        let wide = try cli.run(["export", "tiny.yaml", "--wide", "--aggregate", "count"])
        #expect(wide.stderr == notice)
        let rows = CSV.parse(wide.stdout)
        let iterations = try #require(rows.first?.firstIndex(of: "iterations"))
        #expect(rows.count == 3 && rows.dropFirst().allSatisfy { $0[iterations] == "100" })
        let status = try cli.run(["status", "tiny.yaml"])
        #expect(status.stderr == notice)
        #expect(status.stdout.contains("2 planned, 2 done (ok 2, diverged 0, failed 0), missing 0; "
            + "`repro run --set iterations=100 --replicates 1` would run 0"))
        let list = try cli.run(["list"])
        #expect(list.stdout.contains("2 planned, 2 done (ok 2, diverged 0, failed 0), missing 0"))
        #expect(list.stdout.contains("(plan: --set iterations=100 --replicates 1)"))
        let plot = try cli.run(["plot", "tiny.yaml", "--out", "figures"])
        #expect(plot.status == 0 && plot.stderr == notice, "\(plot.stderr)")
        #expect(plot.stdout.contains("2 runs"))
        let script = String(decoding: try #require(cli.bytes("figures/tiny-symmetric.gp")), as: UTF8.self)
        #expect(script.contains("--set iterations=100 --replicates 1"))
        let papers = try cli.write("papers.yaml", "xiong2023:\n  authors: N. Xiong, L. Ding, S. S. Du\n  title: Over-parameterization\n  venue: ICLR 2024\n  year: 2023\n")
        let report = try cli.run(["report", "tiny.yaml", "--out", "REPORT.md", "--figures", "figures", "--papers", papers])
        #expect(report.stderr == notice)
        let text = String(decoding: try #require(cli.bytes("REPORT.md")), as: UTF8.self)
        #expect(text.contains("plan `--set iterations=100 --replicates 1`"))

        // Explicit flags win; a run without flags goes back to the file's plan.
        let explicit = try cli.run(["status", "tiny.yaml", "--replicates", "2"])
        #expect(explicit.stderr.isEmpty && explicit.stdout.contains("4 planned, 0 done"))
        try cli.run(["run", "tiny.yaml", "--quiet"])
        let plain = try cli.run(["status", "tiny.yaml"])
        #expect(plain.stderr.isEmpty && plain.stdout.contains("4 planned, 4 done"))
    }

    @Test func anAxisAddedWithSetIsCheckedLikeOneInTheFile() throws {
        let cli = try CLI()
        try cli.write("tiny.yaml", tinyFigureSpec)
        try cli.run(["run", "tiny.yaml", "--quiet"])
        let pooled = try cli.run(["plot", "tiny.yaml", "--set", "step=0.1,0.05"])
        #expect(pooled.status == 2)
        #expect(pooled.stderr.split(separator: "\n").count == 1)
        #expect(pooled.stderr.hasPrefix("repro: --set: step: figure: the sweep axis 'step' is neither x, curves nor fixed by 'where'"))
        let inFile = try cli.write("axis.yaml", tinyFigureSpec
            .replacingOccurrences(of: "search_rank: [1, 2]", with: "search_rank: [1, 2]\n  step: [0.1, 0.05]")
            .replacingOccurrences(of: " step: 0.1,", with: ""))
        let same = try cli.run(["plot", inFile])
        #expect(same.status == 2 && same.stderr.contains("the sweep axis 'step' is neither x, curves nor fixed by 'where'"))
        // A `where` that selects no run after the overrides is the same error as in the file.
        let noRun = try cli.run(["verify", "tiny.yaml", "--set", "search_rank=1"])
        #expect(noRun.status == 2 && noRun.stderr.contains("claims[1].where: no run of the sweep has search_rank = 2"))
    }
}

/// Smaller things a new user meets: `--db` before the subcommand, long names in `describe`,
/// quantile and count aggregates in claims, Ctrl-C during a sweep.
@Suite(.serialized) struct CommandLineDetailTests {
    @Test func theStoreOptionGoesBeforeOrAfterTheSubcommand() throws {
        let cli = try CLI()
        try cli.write("tiny.yaml", tinySpec)
        #expect(try cli.run(["--db", "first.sqlite", "run", "tiny.yaml", "--quiet"]).status == 0)
        #expect(cli.bytes("first.sqlite") != nil && cli.bytes("store.sqlite") == nil)
        let after = try cli.run(["status", "tiny.yaml", "--db", "first.sqlite"])
        let before = try cli.run(["--db=first.sqlite", "status", "tiny.yaml"])
        #expect(after.stdout.contains("4 planned, 4 done") && before.stdout == after.stdout)
    }

    @Test func describeShowsWholeNames() throws {
        let cli = try CLI()
        let r = try cli.run(["describe", "sensitivity-sampling"])
        #expect(r.status == 0)
        // The model's two longest metric names (30 and 28 characters), whole, each followed
        // by the gap before its summary.
        #expect(r.stdout.contains("  violations_root_leverage_bound  "))
        #expect(r.stdout.contains("  total_sensitivity_over_bound    "))
    }

    @Test func claimsTakeTheAggregatesOfExport() throws {
        let cli = try CLI()
        let spec = tinySpec.components(separatedBy: "  - id: impossible")[0]
            .replacingOccurrences(of: "aggregate: max", with: "aggregate: q100")
            + """
              - id: two-runs-each
                text: Two replicates at k = 1
                where: { search_rank: 1 }
                metric: final_error
                aggregate: count
                expect: { near: 2, tolerance: 0 }
                source: { calibration: "a test threshold" }

            """
        try cli.write("agg.yaml", spec)
        try cli.run(["run", "agg.yaml", "--quiet"])
        let r = try cli.run(["verify", "agg.yaml"])
        #expect(r.status == 0, "\(r.stdout)\(r.stderr)")
        #expect(r.stdout.contains("2 reproduced, 0 deviate (documented), 0 failed, 0 incomplete"))
        let wide = CSV.parse(try cli.run(["export", "agg.yaml", "--wide", "--aggregate", "q100,max,count"]).stdout)
        let header = try #require(wide.first)
        let q100 = try #require(header.firstIndex(of: "final_error_q100")), max = try #require(header.firstIndex(of: "final_error_max"))
        let count = try #require(header.firstIndex(of: "final_error_count"))
        #expect(wide.dropFirst().allSatisfy { $0[q100] == $0[max] && $0[count] == "2" })
        let bad = try cli.write("bad.yaml", spec.replacingOccurrences(of: "aggregate: count", with: "aggregate: q101"))
        let refused = try cli.run(["verify", bad])
        #expect(refused.status == 2 && refused.stderr.contains("or qNN (the NN% quantile, e.g. q90), got 'q101'"))
    }

    @Test func ctrlCSaysWhatWasStoredAndTheSameCommandResumes() throws {
        let cli = try CLI()
        try cli.write("long.yaml", tinySpec.replacingOccurrences(of: "iterations: 300", with: "iterations: 20000")
            .replacingOccurrences(of: "replicates: 2", with: "replicates: 60"))
        let process = Process()
        process.executableURL = CLI.binary
        process.arguments = ["run", "long.yaml", "--jobs", "1", "--batch", "1", "--quiet",
                             "--db", cli.directory.appendingPathComponent("long.sqlite").path]
        process.currentDirectoryURL = cli.directory
        let err = Pipe()
        process.standardError = err
        process.standardOutput = Pipe()
        try process.run()
        let path = cli.directory.appendingPathComponent("long.sqlite").path
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline, (try? ResultStore(readingAt: path).runCount()) ?? 0 < 2 { Thread.sleep(forTimeInterval: 0.05) }
        process.interrupt()
        let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 130)
        let said = try #require(stderr.firstMatch(of: /interrupted: (\d+) run\(s\) of this sweep were stored; run the same command again to resume/))
        let stored = try ResultStore(readingAt: path).runCount()
        #expect(stored >= 2 && stored < 120 && Int(said.1) ?? -1 <= stored && Int(said.1) ?? -1 >= stored - 1)
        #expect(try ResultStore(readingAt: path).integrityCheck() == ["ok"])
        let resumed = try cli.run(["run", "long.yaml", "--dry-run", "--db", path])
        #expect(resumed.stdout.contains("120 planned, \(stored) stored, would run \(120 - stored)"))
    }
}
