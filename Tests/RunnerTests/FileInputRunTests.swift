@testable import Analysis
import ExperimentKit
import Foundation
import ResultStore
@testable import Runner
import Specs
import Testing

/// A model with one matrix file input (defining the instance): it reports the sum of the
/// matrix's entries, so a stored value shows which content a run saw.
struct MatrixSum: Experiment {
    static let schema = ModelSchema(
        name: "matrix-sum", version: 1, summary: "runner test model reading a matrix file input",
        parameters: [ParameterSpec("path", kind: .matrixFile, default: .string("none.csv"), instance: true, summary: "the matrix")],
        metrics: [OutputSpec("sum", "sum of the entries")], series: [])

    let matrix: MatrixInput?

    init(parameters: ParameterSet) throws(ParameterError) { matrix = try parameters.matrix("path") }

    func run(seeds: RunSeeds, record: RecordPolicy) throws -> Outcome {
        Outcome(status: .ok, metrics: ["sum": matrix?.entries.reduce(0, +) ?? .nan], series: [:])
    }
}

/// A file input counts by its content: editing the file makes its stored runs not current
/// (status lists them as missing, claims are incomplete, `run` runs them again), and moving or
/// renaming it keeps the run key, so the stored runs are reused.
@Suite struct FileInputRunTests {
    let registry = ModelRegistry([MatrixSum.self])
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("file-inputs-\(UUID().uuidString)")

    func spec(_ path: String, claimBelow threshold: Double = 100) throws -> Spec {
        try SpecLoader(registry: registry).load(text: """
            id: matrix-sum
            title: File inputs
            paper: none
            model: matrix-sum
            params: { path: "\(path)" }
            claims:
              - id: small-sum
                text: the entries sum to less than the threshold
                metric: sum
                expect: { below: \(threshold) }
                source: { calibration: "a test threshold" }
            """, path: "matrix-sum.yaml")
    }

    func run(_ spec: Spec, at store: String) throws -> SweepSummary {
        let runner = SweepRunner(store: try ResultStore(path: store), registry: registry, provenance: ProvenanceProbe.current(),
                                 progress: SilentProgress())
        return try runner.run(spec, options: SweepOptions(jobs: 1))
    }

    func study(_ spec: Spec, at store: String) throws -> Study {
        try Study(spec: spec, schema: MatrixSum.schema, store: try ResultStore(readingAt: store))
    }

    func write(_ text: String, to name: String) throws -> String {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let url = directory.appendingPathComponent(name)
        try Data(text.utf8).write(to: url)
        return url.path
    }

    @Test func editingTheFileRunsAgainAndMovingItDoesNot() throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = temporaryStorePath()
        let a = try write("1,2\n3,4\n5,6\n", to: "a.csv")
        let original = try spec(a)
        #expect(try run(original, at: store).executed == 1)
        let firstKey = try #require(try study(original, at: store).runs.first?.point.identity.key)
        #expect(try study(original, at: store).runs.first?.stored?.metrics["sum"] == 21)

        // Edit the content at the same path: a new key; the stored run is not current.
        _ = try write("1,2\n3,4\n5,60\n", to: "a.csv")
        let edited = try spec(a)
        let pending = try study(edited, at: store)
        #expect(pending.runs.first?.point.identity.key != firstKey)
        #expect(pending.counts == StudyCounts(planned: 1, missing: 1))
        #expect(StatusReport(pending, options: SweepOptions()).summary.contains("missing 1; `repro run` would run 1"))
        let verdict = ClaimEvaluator().evaluate(pending)[0]
        #expect(verdict.verdict == .incomplete && verdict.runsText == "0/1")
        let rerun = try run(edited, at: store)
        #expect(rerun.executed == 1 && rerun.cached == 0)
        let current = try study(edited, at: store)
        #expect(current.runs.first?.stored?.metrics["sum"] == 75)
        #expect(ClaimEvaluator().evaluate(current)[0].verdict == .pass)
        let editedKey = try #require(current.runs.first?.point.identity.key)

        // Move the file: the same content at another path keeps the key; nothing runs.
        let moved = directory.appendingPathComponent("renamed/b.csv")
        try FileManager.default.createDirectory(at: moved.deletingLastPathComponent(), withIntermediateDirectories: true)
        try FileManager.default.moveItem(atPath: a, toPath: moved.path)
        let relocated = try spec(moved.path)
        #expect(relocated.params["path"]?.description == moved.path)
        let reused = try study(relocated, at: store)
        #expect(reused.runs.first?.point.identity.key == editedKey)
        #expect(reused.counts == StudyCounts(planned: 1, ok: 1))
        let again = try run(relocated, at: store)
        #expect(again.executed == 0 && again.cached == 1)
        #expect(try ResultStore(readingAt: store).runCount() == 2, "the run of the old content stays in the store, unused")
    }

    @Test func aClaimMaySelectARunByItsFile() throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        let small = try write("1\n2\n", to: "small.csv"), large = try write("10\n20\n", to: "large.csv")
        let spec = try SpecLoader(registry: registry).load(text: """
            id: two-files
            title: Two files
            paper: none
            model: matrix-sum
            sweep: { path: ["\(small)", "\(large)"] }
            claims:
              - id: large-sum
                text: the large file sums to 30
                where: { path: "\(large)" }
                metric: sum
                expect: { near: 30, tolerance: 0.01 }
                source: { calibration: "a test threshold" }
            """, path: "two-files.yaml")
        let store = temporaryStorePath()
        #expect(try run(spec, at: store).executed == 2)
        let verdict = ClaimEvaluator().evaluate(try study(spec, at: store))[0]
        #expect(verdict.verdict == .pass && verdict.measured == 30 && verdict.runsText == "1/1")
    }

    @Test func anUnreadableFileIsASpecErrorAtItsValue() throws {
        #expect(throws: SpecError.self) { try spec("/nonexistent/dir/m.csv") }
        do {
            _ = try spec("/nonexistent/dir/m.csv")
        } catch let error as SpecError {
            #expect(error.line == 5 && error.keyPath == "params.path")
            #expect(error.message.hasPrefix("/nonexistent/dir/m.csv: cannot read the matrix file ("))
        }
    }
}
