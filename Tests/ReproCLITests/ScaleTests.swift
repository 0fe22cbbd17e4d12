import Foundation
import ResultStore
import Testing

/// A sweep of 3 sweep points × 4 replicates = 12 runs, each a few tens of milliseconds, so
/// that a kill lands in the middle of it.
let scaleSpec = """
    id: scale-symmetric
    title: Small symmetric sensing, for the resume, concurrency and shard tests
    paper: xiong2023
    model: matrix-sensing
    params: { n: 8, rank: 1, measurements: 120, parameterization: symmetric, init_scale: 0.5, step: 0.1, iterations: 4000 }
    sweep:
      search_rank: [1, 2, 3]
    replicates: 4
    record: { every: 100 }

    """

/// A sweep whose first sweep point fails: at α = 1e-200 the factor's Gram matrix FᵀF
/// underflows to 0, and the rebalancing step at t = 0 (switch_below far above the error)
/// throws on its singular factor; α = 0.5 runs fine.
let failingSpec = """
    id: scale-failing
    title: Half of these runs fail
    paper: xiong2023
    model: matrix-sensing
    params: { n: 6, rank: 1, measurements: 80, parameterization: asymmetric-rebalanced, step: 0.1,
              iterations: 200, switch_below: 1.0e+10 }
    sweep:
      init_scale: [1.0e-200, 0.5]
    replicates: 2

    """

extension CLI {
    /// Starts `repro ARGS` in the test directory without waiting; output is discarded.
    func start(_ arguments: [String], store: String = "store.sqlite") throws -> Process {
        let process = Process()
        process.executableURL = Self.binary
        process.arguments = arguments
        process.currentDirectoryURL = directory
        var env = ProcessInfo.processInfo.environment
        env["REPRO_DB"] = directory.appendingPathComponent(store).path
        process.environment = env
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        return process
    }

    /// The path of a file in the test directory.
    func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

    /// The long export of `spec` from store `db` (every run key with every metric, in plan order)
    /// under `plan` (flags as `run` takes them; none: the plan of the last run), without the
    /// `wall_seconds` column: durations differ between processes, results must not.
    func export(_ spec: String, db: String = "store.sqlite", plan: [String] = []) throws -> [[String]] {
        let r = try run(["export", spec, "--db", path(db)] + plan)
        #expect(r.status == 0, "export failed: \(r.stderr)")
        let rows = CSV.parse(r.stdout)
        guard let timing = rows.first?.firstIndex(of: "wall_seconds") else { return rows }
        return rows.map { row in row.enumerated().filter { $0.offset != timing }.map(\.element) }
    }
}

/// The number in `text` right before `label` (e.g. `ran` in "…, ran 7 (ok 7, …").
func number(after label: String, in text: String) -> Int? {
    guard let range = text.range(of: label + " ") else { return nil }
    return Int(text[range.upperBound...].prefix { $0.isNumber })
}

@Suite(.serialized) struct ScaleTests {
    @Test func killedSweepsResumeToExactlyThePlan() throws {
        let cli = try CLI()
        try cli.write("s.yaml", scaleSpec)
        #expect(try cli.run(["run", "s.yaml", "--db", cli.path("reference.sqlite"), "--jobs", "2", "--quiet"]).status == 0)
        let reference = try cli.export("s.yaml", db: "reference.sqlite")
        func storedCount() -> Int { (try? ResultStore(readingAt: cli.path("store.sqlite")).runCount()) ?? 0 }
        // The first kill lands at a random moment of start-up (opening, migrating the store);
        // the others once the sweep has stored a run, plus a random delay: mid-sweep.
        var stored: [Int] = []
        for attempt in 0..<4 {
            let before = storedCount()
            let process = try cli.start(["run", "s.yaml", "--jobs", "2", "--quiet"])
            if attempt == 0 {
                Thread.sleep(forTimeInterval: Double.random(in: 0.0...0.3))
            } else {
                let deadline = Date().addingTimeInterval(20)
                while process.isRunning, storedCount() == before, Date() < deadline {
                    Thread.sleep(forTimeInterval: 0.005)
                }
                Thread.sleep(forTimeInterval: Double.random(in: 0.0...0.15))
            }
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            stored.append(storedCount())
        }
        #expect(stored.contains { 0 < $0 && $0 < 12 }, "no kill landed mid-sweep: runs stored after each kill \(stored)")
        let resumed = try cli.run(["run", "s.yaml", "--jobs", "2", "--quiet"])
        #expect(resumed.status == 0)
        let before = stored.last ?? 0
        #expect(resumed.stdout.contains("12 planned, \(before) already stored, ran \(12 - before) "),
                "stored after each kill: \(stored); \(resumed.stdout)")
        let store = try ResultStore(readingAt: cli.path("store.sqlite"))
        #expect(try store.integrityCheck() == ["ok"])
        #expect(try store.runCount() == 12)
        #expect(try store.runs(specID: "scale-symmetric").count == 12)
        #expect(try cli.export("s.yaml") == reference)
    }

    @Test func fourConcurrentOverlappingSweepsStoreEachKeyOnce() throws {
        let cli = try CLI()
        try cli.write("s.yaml", scaleSpec)
        #expect(try cli.run(["run", "s.yaml", "--db", cli.path("reference.sqlite"), "--jobs", "2", "--quiet"]).status == 0)
        let overlaps = ["1,2", "2,3", "1,3", "1,2,3"]
        let group = DispatchGroup()
        let results = OutputBox(count: overlaps.count)
        for (i, ranks) in overlaps.enumerated() {
            group.enter()
            DispatchQueue.global().async {
                results.set(i, Result { try cli.run(["run", "s.yaml", "--set", "search_rank=\(ranks)", "--jobs", "1", "--quiet"]) })
                group.leave()
            }
        }
        group.wait()
        for (i, result) in results.all.enumerated() {
            let r = try result.get()
            #expect(r.status == 0, "writer \(i): \(r.stderr)")
            #expect(!r.stderr.localizedCaseInsensitiveContains("locked"), "writer \(i): \(r.stderr)")
            #expect(r.stdout.contains("8 planned") || r.stdout.contains("12 planned"))
        }
        let store = try ResultStore(readingAt: cli.path("store.sqlite"))
        #expect(try store.runCount() == 12)
        #expect(try store.integrityCheck() == ["ok"])
        // The writers finish in any order, and the last one's `--set` is the plan a later command
        // remembers: compare the whole sweep.
        let whole = ["--set", "search_rank=1,2,3"]
        #expect(try cli.export("s.yaml", plan: whole) == cli.export("s.yaml", db: "reference.sqlite", plan: whole))
    }

    @Test func shardsAreDisjointAndTheirMergeEqualsTheFullRun() throws {
        let cli = try CLI()
        try cli.write("s.yaml", scaleSpec)
        #expect(try cli.run(["run", "s.yaml", "--jobs", "2", "--quiet"]).status == 0)
        var ran: [Int] = []
        for i in 1...3 {
            let r = try cli.run(["run", "s.yaml", "--shard", "\(i)/3", "--db", cli.path("shard-\(i).sqlite"), "--jobs", "2", "--quiet"])
            #expect(r.status == 0)
            ran.append(number(after: "ran", in: r.stdout) ?? -1)
            #expect(r.stdout.contains("(shard \(i)/3: \(ran.last ?? -1))"), "\(r.stdout)")
        }
        #expect(ran.reduce(0, +) == 12 && ran.allSatisfy { $0 > 0 }, "runs per shard: \(ran)")
        let shards = (1...3).map { cli.path("shard-\($0).sqlite") }
        let merged = try cli.run(["merge"] + shards + ["--into", cli.path("merged.sqlite")])
        #expect(merged.status == 0)
        #expect(merged.stdout.hasSuffix("merged.sqlite: 12 runs\n"), "\(merged.stdout)")
        #expect(try cli.export("s.yaml", db: "merged.sqlite") == cli.export("s.yaml"))
        let again = try cli.run(["merge"] + shards + ["--into", cli.path("merged.sqlite")])
        #expect(again.stdout.components(separatedBy: " 0 runs added").count - 1 == 3, "\(again.stdout)")
        #expect(try cli.export("s.yaml", db: "merged.sqlite") == cli.export("s.yaml"))
        #expect(try cli.run(["run", "s.yaml", "--shard", "4/3"]).status == 2)
        #expect(try cli.run(["run", "s.yaml", "--shard", "x"]).stderr.contains("--shard"))
    }

    @Test func mergingAStoreIntoACopyOfItselfAddsNothingAndReportsNoConflict() throws {
        let cli = try CLI()
        try cli.write("s.yaml", scaleSpec.replacingOccurrences(of: "replicates: 4", with: "replicates: 1"))
        #expect(try cli.run(["run", "s.yaml", "--quiet", "--db", cli.path("a.sqlite")]).status == 0)
        try FileManager.default.copyItem(atPath: cli.path("a.sqlite"), toPath: cli.path("b.sqlite"))
        let same = try cli.run(["merge", cli.path("a.sqlite"), "--into", cli.path("b.sqlite")])
        #expect(same.status == 0 && same.stderr.isEmpty)
        #expect(same.stdout.contains("0 runs added, 3 already present\n"))
        #expect(try cli.run(["merge", cli.path("a.sqlite"), "--into", cli.path("a.sqlite")]).status == 2)
        #expect(try cli.run(["merge", cli.path("nothing.sqlite"), "--into", cli.path("c.sqlite")]).status == 2)
    }

    @Test func aFailedRunIsStoredAndTheSweepGoesOnUnlessFailFast() throws {
        let cli = try CLI()
        try cli.write("f.yaml", failingSpec)
        // One by one: a batching model would advance both init scales of a replicate together.
        let fast = try cli.run(["run", "f.yaml", "--jobs", "1", "--batch", "1", "--fail-fast", "--quiet",
                                "--db", cli.path("fast.sqlite")])
        #expect(fast.status == 1)
        #expect(fast.stdout.contains("ran 1 (ok 0, diverged 0, failed 1); 3 not started (--fail-fast)"), "\(fast.stdout)")

        let first = try cli.run(["run", "f.yaml", "--jobs", "2", "--quiet"])
        #expect(first.status == 1)
        #expect(first.stdout.contains("4 planned, 0 already stored, ran 4 (ok 2, diverged 0, failed 2)"), "\(first.stdout)")
        let status = try cli.run(["status", "f.yaml", "--why"])
        #expect(status.stdout.contains("4 done (ok 2, diverged 0, failed 2), missing 0"))
        #expect(status.stdout.components(separatedBy: "stored (failed: ").count - 1 == 2, "\(status.stdout)")
        #expect(status.stdout.contains("singular"), "the failure's message is shown: \(status.stdout)")

        let again = try cli.run(["run", "f.yaml", "--quiet"])
        #expect(again.status == 1, "failed runs of the plan still fail the command")
        #expect(again.stdout.contains("ran 0 (ok 0, diverged 0, failed 0); 2 stored as failed"))
        let retried = try cli.run(["run", "f.yaml", "--rerun-failed", "--quiet"])
        #expect(retried.stdout.contains("4 planned, 2 already stored, ran 2 (ok 0, diverged 0, failed 2)"), "\(retried.stdout)")
        let forced = try cli.run(["run", "f.yaml", "--rerun", "--quiet"])
        #expect(forced.stdout.contains("ran 4 (ok 2, diverged 0, failed 2)"))
        #expect(try ResultStore(readingAt: cli.path("store.sqlite")).runCount() == 4)
    }

    @Test func progressIsABarOnATerminalAndPlainLinesOtherwise() throws {
        let cli = try CLI()
        try cli.write("s.yaml", scaleSpec.replacingOccurrences(of: "replicates: 4", with: "replicates: 1"))
        let plain = try cli.run(["run", "s.yaml", "--jobs", "2"])
        #expect(plain.status == 0)
        let lines = plain.stderr.split(separator: "\n").map(String.init)
        #expect(lines.first == "scale-symmetric: 0/3 runs, -- runs/s, ETA --", "\(plain.stderr)")
        #expect(lines.last?.hasPrefix("scale-symmetric: 3/3 runs, ") == true && lines.last?.contains(" runs/s, elapsed 0:00:") == true,
                "\(plain.stderr)")
        #expect(!plain.stderr.contains("\r"))
        #expect(!plain.stdout.contains("runs/s"), "progress never goes to stdout")

        // On a terminal (a pseudo-terminal from script(1)): a bar redrawn in place, with ETA.
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/script")
        process.arguments = ["-qec", "\(CLI.binary.path) run s.yaml --rerun --jobs 2 --db \(cli.path("store.sqlite"))", "/dev/null"]
        process.currentDirectoryURL = cli.directory
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let text = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        #expect(text.contains("\rscale-symmetric [........................] 0/3 runs -- runs/s ETA --"), "\(text)")
        #expect(text.contains("\rscale-symmetric [########################] 3/3 runs "), "\(text)")
        #expect(text.contains("runs/s ETA 0:00:00"), "\(text)")
    }

    @Test func provenanceRecordsTheCommitAndDiffAndRequireCleanRefusesADirtyTree() throws {
        let cli = try CLI()
        try cli.write("tiny.yaml", tinySpec)
        try cli.write("notes.txt", "clean\n")
        func git(_ args: [String]) throws -> String {
            let p = Process()
            p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            p.arguments = ["git", "-c", "user.name=t", "-c", "user.email=t@t", "-C", cli.directory.path] + args
            let pipe = Pipe()
            p.standardOutput = pipe
            p.standardError = FileHandle.nullDevice
            try p.run()
            let data = pipe.fileHandleForReading.readDataToEndOfFile()
            p.waitUntilExit()
            return String(decoding: data, as: UTF8.self)
        }
        _ = try git(["init", "-q"])
        _ = try git(["add", "tiny.yaml", "notes.txt"])
        _ = try git(["commit", "-q", "-m", "spec"])
        let commit = try git(["rev-parse", "HEAD"]).trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(commit.count == 40)

        #expect(try cli.run(["run", "tiny.yaml", "--require-clean", "--quiet"]).status == 0)
        let key = try #require(try ResultStore(readingAt: cli.path("store.sqlite")).runs(specID: "tiny-symmetric").first)
        #expect(key.record.provenance.gitCommit == commit)
        #expect(key.record.provenance.gitDirty == false && key.record.provenance.gitDiffHash == nil)

        try cli.write("notes.txt", "dirty\n")
        let before = try #require(cli.bytes("store.sqlite"))
        let refused = try cli.run(["run", "tiny.yaml", "--require-clean", "--rerun", "--quiet"])
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("--require-clean") && refused.stderr.contains("uncommitted changes"))
        #expect(cli.bytes("store.sqlite") == before)

        #expect(try cli.run(["run", "tiny.yaml", "--rerun", "--quiet"]).status == 0)
        let diff = try git(["diff", "HEAD", "--no-color", "--no-ext-diff"])
        #expect(diff.contains("+dirty"))
        let runs = try ResultStore(readingAt: cli.path("store.sqlite")).runs(specID: "tiny-symmetric")
        let hashes = Set(runs.map(\.record.provenance.gitDiffHash))
        #expect(runs.allSatisfy { $0.record.provenance.gitDirty == true })
        #expect(hashes == [try sha256sum(Data(diff.utf8))])
        let show = try cli.run(["show", String(runs[0].record.key.prefix(12))])
        #expect(show.stdout.contains("(dirty, diff sha256 "))
        #expect(show.stdout.contains(commit))
    }
}

/// `sha256sum` of `data`: an implementation independent of the one under test.
func sha256sum(_ data: Data) throws -> String {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    p.arguments = ["sha256sum"]
    let input = Pipe(), output = Pipe()
    p.standardInput = input
    p.standardOutput = output
    try p.run()
    input.fileHandleForWriting.write(data)
    try input.fileHandleForWriting.close()
    let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    p.waitUntilExit()
    return String(text.prefix(64))
}

/// Results of concurrent CLI runs, filled from several threads.
final class OutputBox: @unchecked Sendable {
    private let lock = NSLock()
    private var results: [Result<CLI.Result, any Error>]

    init(count: Int) {
        results = Array(repeating: .failure(CancellationError()), count: count)
    }

    func set(_ index: Int, _ result: Result<CLI.Result, any Error>) {
        lock.lock()
        results[index] = result
        lock.unlock()
    }

    var all: [Result<CLI.Result, any Error>] {
        lock.lock()
        defer { lock.unlock() }
        return results
    }
}
