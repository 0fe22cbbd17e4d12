import Foundation
import ResultStore
import Testing

/// The model programs of the tests (Fixtures/programs/models): `walk` (written from
/// docs/model-programs.md alone) and `faulty` (misbehaves as its parameter says).
let programFixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/programs")

/// A 2-axis sweep of `walk`: size (instance) × rate (algorithm), 3 replicates = 12 runs.
let walkSpec = """
    id: walk-sweep
    title: A damped random walk through a model program
    paper: none
    model: walk
    params: { iterations: 60 }
    sweep: { size: [2, 8], rate: [0.5, 0.6] }
    replicates: 3
    record: { every: 10 }
    figure: { x: iteration, y: error, curves: rate, where: { size: 2 }, log: [y] }
    claims:
      - id: converges
        text: At rate 0.5 the walk falls below 1e-9
        where: { rate: 0.5 }
        metric: final_error
        aggregate: max
        expect: { below: 1.0e-9 }
        source: { calibration: "a test threshold: 8·2·0.5^60 ≈ 1.4e-17 plus noise of 1e-12" }

    """

extension CLI {
    /// A test directory holding `experiments/programs/` (the fixtures' `models/`) and the spec
    /// `text` as `experiments/programs/NAME`.
    static func withPrograms(spec name: String, _ text: String) throws -> CLI {
        let cli = try CLI()
        let folder = cli.directory.appendingPathComponent("experiments/programs")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: programFixtures.appendingPathComponent("models"),
                                         to: folder.appendingPathComponent("models"))
        try cli.write("experiments/programs/" + name, text)
        return cli
    }

    /// The stored runs of `spec` in `db`, by status.
    func stored(_ spec: String, db: String = "store.sqlite") throws -> [StoredRun] {
        try ResultStore(readingAt: path(db)).runs(specID: spec)
    }
}

/// The value of parameter `name` in a run's canonical parameters JSON.
func parameter(_ name: String, of run: StoredRun) -> String {
    let json = run.record.parametersJSON
    guard let range = json.range(of: "\"\(name)\":") else { return "" }
    return String(json[range.upperBound...].prefix { $0 != "," && $0 != "}" })
}

@Suite(.serialized) struct ModelProgramTests {
    @Test func aProgramRunsASweepWithCommonRandomNumbersVerifiesAndDraws() throws {
        let cli = try CLI.withPrograms(spec: "walk.yaml", walkSpec)
        let spec = "experiments/programs/walk.yaml"
        let described = try cli.run(["describe", "walk"])
        #expect(described.status == 0 && described.stdout.contains("* size") && described.stdout.contains("final_error"),
                "\(described.stdout)\(described.stderr)")
        #expect(try cli.run(["describe", "walk", "--primary-series"]).stdout == "error\n")

        let ran = try cli.run(["run", spec, "--jobs", "2", "--quiet"])
        #expect(ran.status == 0, "\(ran.stderr)")
        #expect(ran.stdout.contains("12 planned, 0 already stored, ran 12 (ok 12, diverged 0, failed 0)"), "\(ran.stdout)")
        let runs = try cli.stored("walk-sweep")
        #expect(runs.count == 12)
        // The program received the store's seeds exactly (64-bit values, sent as decimal text).
        for run in runs {
            #expect(run.metrics["instance_seed_mod"] == Double(run.record.instanceSeed % 1_000_003))
            #expect(run.metrics["algorithm_seed_mod"] == Double(run.record.algorithmSeed % 1_000_003))
        }
        // Replicates see distinct seeds; rates (algorithm parameters) share the instance.
        for size in ["2", "8"] {
            let ofSize = runs.filter { parameter("size", of: $0) == size }
            for replicate in 0..<3 {
                let same = ofSize.filter { $0.record.replicate == replicate }
                #expect(same.count == 2)
                #expect(Set(same.map(\.record.instanceSeed)).count == 1)
                #expect(Set(same.compactMap { $0.metrics["start"] }).count == 1)
                #expect(Set(same.map(\.record.algorithmSeed)).count == 2)
            }
            #expect(Set(ofSize.map(\.record.instanceSeed)).count == 3)
            #expect(Set(ofSize.compactMap { $0.metrics["start"] }).count == 3)
        }
        #expect(Set(runs.map(\.record.algorithmSeed)).count == 12)
        #expect(runs.allSatisfy { $0.record.codeFingerprint?.count == 64 })

        let verified = try cli.run(["verify", spec])
        #expect(verified.status == 0 && verified.stdout.contains("PASS"), "\(verified.stdout)\(verified.stderr)")
        let series = try cli.run(["export", spec, "--series", "error"])
        #expect(series.status == 0 && series.stdout.split(separator: "\n").count > 12 * 7, "\(series.stderr)")
        if FileManager.default.isExecutableFile(atPath: "/usr/bin/gnuplot") {
            let plotted = try cli.run(["plot", spec, "--out", "figures"])
            #expect(plotted.status == 0, "\(plotted.stderr)")
            let files = try FileManager.default.contentsOfDirectory(atPath: cli.path("figures"))
            #expect(files.contains { $0.hasSuffix(".svg") }, "\(files)")
        }
    }

    @Test func aKilledSweepOfAProgramResumesExactly() throws {
        var slow = walkSpec.replacingOccurrences(of: "params: { iterations: 60 }", with: "params: { iterations: 200000 }")
        slow = slow.replacingOccurrences(of: "record: { every: 10 }", with: "record: { every: 20000 }")
        let cli = try CLI.withPrograms(spec: "walk.yaml", slow)
        let spec = "experiments/programs/walk.yaml"
        #expect(try cli.run(["run", spec, "--db", cli.path("reference.sqlite"), "--jobs", "2", "--quiet"]).status == 0)
        let reference = try cli.export(spec, db: "reference.sqlite")
        func storedCount() -> Int { (try? ResultStore(readingAt: cli.path("store.sqlite")).runCount()) ?? 0 }
        let process = try cli.start(["run", spec, "--jobs", "2", "--quiet"])
        let deadline = Date().addingTimeInterval(30)
        while process.isRunning, storedCount() < 3, Date() < deadline { Thread.sleep(forTimeInterval: 0.005) }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        let before = storedCount()
        #expect(0 < before && before < 12, "the kill did not land mid-sweep: \(before) runs stored")
        let resumed = try cli.run(["run", spec, "--jobs", "2", "--quiet"])
        #expect(resumed.status == 0, "\(resumed.stderr)")
        #expect(resumed.stdout.contains("12 planned, \(before) already stored, ran \(12 - before) "), "\(resumed.stdout)")
        let store = try ResultStore(readingAt: cli.path("store.sqlite"))
        #expect(try store.integrityCheck() == ["ok"])
        #expect(try store.runCount() == 12)
        #expect(try cli.export(spec) == reference)
    }

    @Test func misbehavingProgramsGiveFailedRunsAndTheSweepGoesOn() throws {
        let cli = try CLI.withPrograms(spec: "faulty.yaml", """
            id: faulty-sweep
            title: Every way a program can misbehave
            paper: none
            model: faulty
            sweep: { behaviour: [crash, ok, exit, hang, garbage, nan, missing, undeclared] }
            replicates: 2

            """)
        let spec = "experiments/programs/faulty.yaml"
        let started = Date()
        let ran = try cli.run(["run", spec, "--jobs", "1", "--quiet", "--batch", "1"])
        #expect(ran.status == 1, "a failed run gives exit code 1: \(ran.stderr)")
        #expect(ran.stdout.contains("16 planned, 0 already stored, ran 16 (ok 2, diverged 0, failed 14)"), "\(ran.stdout)")
        #expect(Date().timeIntervalSince(started) < 20)
        let runs = try cli.stored("faulty-sweep")
        func messages(_ behaviour: String) -> [String] {
            runs.filter { parameter("behaviour", of: $0) == "\"\(behaviour)\"" }.map { $0.record.message ?? "" }
        }
        let expected = [
            "crash": "the program exited with status", "exit": "exited with status 3",
            "hang": "no result within the timeout of 1.5 s; the worker was killed",
            "garbage": "output that is not a JSON object: 'iteration 1: loss 0.5'",
            "nan": "metric 'value' is NaN", "missing": "metric 'value' is missing",
            "undeclared": "metric 'other' is not declared",
        ]
        for (behaviour, reason) in expected {
            let found = messages(behaviour)
            #expect(found.count == 2 && found.allSatisfy { $0.contains(reason) && !$0.contains("\n") },
                    "\(behaviour): \(found)")
        }
        #expect(messages("crash").allSatisfy { $0.contains("stderr: Traceback (most recent call last): | ZeroDivisionError") },
                "\(messages("crash"))")
        #expect(messages("exit").allSatisfy { $0.contains("stderr: giving up") })
        let ok = runs.filter { $0.record.status == "ok" }
        #expect(ok.count == 2 && ok.allSatisfy { $0.metrics["value"] == 1 })
        #expect(runs.filter { $0.record.status == "failed" }.count == 14)
        #expect(try ResultStore(readingAt: cli.path("store.sqlite")).integrityCheck() == ["ok"])
    }

    @Test func editingADeclaredCodeFileMakesRunsStaleAndAnUndeclaredFileDoesNot() throws {
        let cli = try CLI.withPrograms(spec: "walk.yaml", walkSpec)
        let spec = "experiments/programs/walk.yaml"
        #expect(try cli.run(["run", spec, "--quiet"]).status == 0)
        let models = cli.directory.appendingPathComponent("experiments/programs/models")
        let undeclared = models.appendingPathComponent("helper_data.txt")
        try Data("edited\n".utf8).write(to: undeclared)
        let unchanged = try cli.run(["status", spec])
        #expect(unchanged.status == 0 && unchanged.stdout.contains("would run 0"), "\(unchanged.stdout)")
        #expect(try cli.run(["run", spec, "--quiet"]).stdout.contains("12 already stored, ran 0"))

        let code = models.appendingPathComponent("walk.py")
        try Data((String(decoding: try Data(contentsOf: code), as: UTF8.self) + "\n# an edit\n").utf8).write(to: code)
        let stale = try cli.run(["status", spec])
        #expect(stale.stdout.contains("stale 12") && stale.stdout.contains("would run 12"), "\(stale.stdout)")
        #expect(try cli.run(["verify", spec]).status == 3)
        let rerun = try cli.run(["run", spec, "--quiet"])
        #expect(rerun.stdout.contains("ran 12"), "\(rerun.stdout)")
    }

    @Test func aBadDeclarationOrDescriptionIsBadInputAndStoresNothing() throws {
        let cli = try CLI.withPrograms(spec: "walk.yaml", walkSpec)
        let spec = "experiments/programs/walk.yaml"
        let declaration = "experiments/programs/models/walk.yaml"
        try cli.write(declaration, "command: [python3, walk.py]\ncode: [walk.py]\ntimeot: 5\n")
        let typo = try cli.run(["run", spec])
        #expect(typo.status == 2)
        #expect(typo.stderr.contains("walk.yaml:3:1: timeot: unknown key") && typo.stderr.contains("timeout"), "\(typo.stderr)")
        #expect(typo.stderr.split(separator: "\n").count == 1)

        try cli.write(declaration, "command: [python3, walk.py, --bad]\ncode: [walk.py]\n")
        try cli.write("experiments/programs/models/walk.py", "import sys\nprint('schema follows')\n")
        let garbled = try cli.run(["run", spec])
        #expect(garbled.status == 2)
        #expect(garbled.stderr.contains("models/walk.yaml: describe: expected one JSON object on stdout, got 'schema follows'"),
                "\(garbled.stderr)")
        try cli.write("experiments/programs/models/walk.py", "import sys\nsys.stderr.write('no numpy here\\n')\nsys.exit(1)\n")
        let failing = try cli.run(["describe", "walk"])
        #expect(failing.status == 2 && failing.stderr.contains("describe: exited with status 1; stderr: no numpy here"),
                "\(failing.stderr)")
        #expect(!FileManager.default.fileExists(atPath: cli.path("store.sqlite")))
    }

    @Test func twoImplementationsAreComparedByVerdictsAndAggregates() throws {
        let cli = try CLI.withPrograms(spec: "walk.yaml", walkSpec)
        // A second declaration of the same code under another name: its seeds (which hash the
        // model's name) differ, so its instances differ, as a second implementation's would.
        try cli.write("experiments/programs/models/walk-twin.yaml", "command: [python3, walk.py]\ncode: [walk.py]\n")
        func twin(_ tolerance: String) -> String {
            walkSpec.replacingOccurrences(of: "id: walk-sweep", with: "id: walk-twin-sweep")
                .replacingOccurrences(of: "model: walk\n", with: "model: walk-twin\n") + """
                agreement:
                  with: walk.yaml
                  metrics:
                    start: \(tolerance)
                    hitting_time: { relative: 0.25 }
                  source: { calibration: "a test tolerance: start = size·(1 + U), U uniform, so medians differ by less than half" }

                """
        }
        try cli.write("experiments/programs/twin.yaml", twin("{ relative: 0.5 }"))
        let specs = ["experiments/programs/twin.yaml", "experiments/programs/walk.yaml"]
        #expect(try cli.run(["run"] + specs + ["--jobs", "2", "--quiet"]).status == 0)
        let verified = try cli.run(["verify"] + specs)
        #expect(verified.status == 0, "\(verified.stderr)")
        #expect(verified.stdout.contains("agreement: walk-twin-sweep vs walk-sweep: agree: 1/1 verdicts equal, 8/8 medians"),
                "\(verified.stdout)")
        try cli.write("experiments/papers.yaml", "none:\n  authors: Test\n  title: A test paper\n  venue: none\n  year: 2026\n")
        let report = try cli.run(["report", specs[0], "--out", "REPORT.md"])
        #expect(report.status == 0, "\(report.stderr)")
        let markdown = String(decoding: cli.bytes("REPORT.md") ?? Data(), as: UTF8.self)
        #expect(markdown.contains("| converges | PASS"), "\(markdown)")
        #expect(markdown.contains("| rate=0.5 size=2 | start |") && markdown.contains("relative difference ≤ 0.5 | yes |"),
                "\(markdown)")

        // No tolerance for a value drawn from different seeds: the medians of `start` differ.
        try cli.write("experiments/programs/twin.yaml", twin("{ relative: 0 }"))
        let strict = try cli.run(["verify"] + specs)
        #expect(strict.stdout.contains("agreement: walk-twin-sweep vs walk-sweep: disagree: 1/1 verdicts equal, 4/8 medians"),
                "\(strict.stdout)")

        try cli.write("experiments/programs/twin.yaml", twin("{ relative: 0.5 }").replacingOccurrences(
            of: "    start:", with: "    stat:"))
        let typo = try cli.run(["verify", specs[0]])
        #expect(typo.status == 2 && typo.stderr.contains("agreement.metrics.stat: unknown metric 'stat' of model 'walk-twin'")
                && typo.stderr.contains("did you mean 'start'"), "\(typo.stderr)")
    }

    @Test func ctrlCStopsTheWorkers() throws {
        let cli = try CLI.withPrograms(spec: "hang.yaml", """
            id: hang-sweep
            title: Programs that hang until interrupted
            paper: none
            model: faulty
            sweep: { behaviour: [hang] }
            replicates: 4

            """)
        let models = cli.directory.appendingPathComponent("experiments/programs/models").resolvingSymlinksInPath().path
        try cli.write("experiments/programs/models/faulty.yaml", "command: [python3, faulty.py]\ncode: [faulty.py]\ntimeout: 600\n")
        /// The processes whose working directory is the programs' folder and whose last argument
        /// is `worker`: the workers (not the `describe` that loading the spec starts).
        func workers() -> [String] {
            let pids = (try? FileManager.default.contentsOfDirectory(atPath: "/proc"))?.filter { $0.allSatisfy(\.isNumber) } ?? []
            return pids.filter { pid in
                let arguments = FileManager.default.contents(atPath: "/proc/\(pid)/cmdline")
                    .map { String(decoding: $0, as: UTF8.self).split(separator: "\0").map(String.init) } ?? []
                return arguments.last == "worker"
                    && (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/\(pid)/cwd")) == models
            }
        }
        let process = try cli.start(["run", "experiments/programs/hang.yaml", "--jobs", "2"])
        let deadline = Date().addingTimeInterval(20)
        while workers().count < 2, Date() < deadline { Thread.sleep(forTimeInterval: 0.02) }
        // Both runs are under way (hanging), and a launcher script in front of python3 (a pyenv
        // shim, whose subshells share the worker's command line) has had time to exec.
        Thread.sleep(forTimeInterval: 0.5)
        #expect(workers().count == 2, "two jobs, two workers")
        kill(process.processIdentifier, SIGINT)
        let exited = Date().addingTimeInterval(10)
        while process.isRunning, Date() < exited { Thread.sleep(forTimeInterval: 0.02) }
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            for pid in workers() { kill(pid_t(pid) ?? 0, SIGKILL) }
        }
        process.waitUntilExit()
        #expect(process.terminationStatus == 130)
        let gone = Date().addingTimeInterval(5)
        while !workers().isEmpty, Date() < gone { Thread.sleep(forTimeInterval: 0.02) }
        #expect(workers().isEmpty, "workers left running: \(workers())")
    }
}
