@testable import Analysis
import ExperimentKit
import Foundation
import ResultStore
@testable import Runner
import Specs
import Testing

/// The code a `Fingerprinted` model was built from: its fingerprint, as the build plugin
/// would compute it from the model's sources.
protocol ModelBuild: Sendable {
    static var fingerprint: String { get }
}

/// The build before an edit of the model's code.
enum BuildBefore: ModelBuild { static let fingerprint = String(repeating: "a", count: 64) }
/// The build after an edit that changed a constant.
enum BuildAfter: ModelBuild { static let fingerprint = String(repeating: "b", count: 64) }

/// A model named `fingerprinted` whose code fingerprint is `Build`'s: two registries, one per
/// build, play the binary before and after an edit of the model's sources.
struct Fingerprinted<Build: ModelBuild>: Experiment {
    static var schema: ModelSchema {
        ModelSchema(
            name: "fingerprinted", version: 1, summary: "runner test model with a chosen code fingerprint",
            parameters: [ParameterSpec("x", kind: .real(min: nil, max: nil), default: .double(1), instance: false, summary: "value")],
            metrics: [OutputSpec("value", "x plus the last digits of the instance seed")], series: [],
            codeFingerprint: Build.fingerprint)
    }

    let x: Double

    init(parameters: ParameterSet) throws(ParameterError) { x = try parameters.double("x") }

    func run(seeds: RunSeeds, record: RecordPolicy) throws -> Outcome {
        Outcome(status: .ok, metrics: ["value": x + Double(seeds.instance % 100) / 1000], series: [:])
    }
}

@Suite struct StaleRunTests {
    let before = ModelRegistry([Fingerprinted<BuildBefore>.self])
    let after = ModelRegistry([Fingerprinted<BuildAfter>.self])

    func spec(_ registry: ModelRegistry, sweep: String = "{ x: [1, 2, 3] }") throws -> Spec {
        try SpecLoader(registry: registry).load(text: """
            id: fingerprinted
            title: Stale runs
            paper: none
            model: fingerprinted
            sweep: \(sweep)
            replicates: 2
            claims:
              - id: values-below-four
                text: every value is below 4
                metric: value
                aggregate: max
                expect: { below: 4 }
                source: { calibration: "a test threshold" }
            """, path: "fingerprinted.yaml")
    }

    func run(_ registry: ModelRegistry, _ spec: Spec, at path: String) throws -> SweepSummary {
        let runner = SweepRunner(store: try ResultStore(path: path), registry: registry, provenance: ProvenanceProbe.current(),
                                 progress: SilentProgress())
        return try runner.run(spec, options: SweepOptions(jobs: 2))
    }

    func study(_ registry: ModelRegistry, _ spec: Spec, at path: String) throws -> Study {
        try Study(spec: spec, schema: try #require(registry.schema(of: "fingerprinted")), store: try ResultStore(readingAt: path))
    }

    @Test func runsOfOtherCodeAreStaleIncompleteAndRunAgain() throws {
        let path = temporaryStorePath()
        #expect(try run(before, try spec(before), at: path).executed == 6)
        let stored = try ResultStore(readingAt: path).runs(specID: "fingerprinted")
        #expect(stored.count == 6 && stored.allSatisfy { $0.record.codeFingerprint == BuildBefore.fingerprint })

        // The same build: nothing is stale, the claim passes on 6 of 6 runs.
        let current = try study(before, try spec(before), at: path)
        #expect(current.counts.stale == 0 && current.counts.ok == 6)
        let pass = ClaimEvaluator().evaluate(current)[0]
        #expect(pass.verdict == .pass && pass.runsText == "6/6")

        // After the edit: every run is stale, the claim is incomplete, status says why.
        let edited = try spec(after)
        let stale = try study(after, edited, at: path)
        #expect(stale.counts.stale == 6 && stale.counts.done == 0)
        let verdict = ClaimEvaluator().evaluate(stale)[0]
        #expect(verdict.verdict == .incomplete && verdict.runsText == "0/6")
        #expect(verdict.detail.contains("6 stale"))
        let report = StatusReport(stale, options: SweepOptions())
        #expect(report.summary.contains("stale 6; `repro run` would run 6"))
        #expect(report.lines.allSatisfy { $0.contains("stale, produced by other code (fingerprint aaaaaaaaaaaa)") })

        // `run` reruns exactly the stale runs, replacing them; then nothing is stale.
        let rerun = try run(after, edited, at: path)
        #expect(rerun.executed == 6 && rerun.staleReplaced == 6 && rerun.cached == 0)
        let fresh = try study(after, edited, at: path)
        #expect(fresh.counts.stale == 0 && fresh.counts.ok == 6)
        #expect(try ResultStore(readingAt: path).runCount() == 6)
        #expect(try run(after, edited, at: path).executed == 0)
    }

    @Test func onlyTheStaleRunsOfAWiderPlanRunAgain() throws {
        let path = temporaryStorePath()
        _ = try run(before, try spec(before, sweep: "{ x: [1, 2] }"), at: path)
        _ = try run(after, try spec(after, sweep: "{ x: [3] }"), at: path)
        let wide = try spec(after)
        #expect(try study(after, wide, at: path).counts == StudyCounts(planned: 6, ok: 2, stale: 4))
        let summary = try run(after, wide, at: path)
        #expect(summary.executed == 4 && summary.staleReplaced == 4 && summary.cached == 2)
    }

    @Test func aRunWithoutAFingerprintIsStaleForAFingerprintedModel() throws {
        let point = try #require(try spec(after).plan(schema: Fingerprinted<BuildAfter>.schema).first)
        let record = RunRecord(key: point.identity.key, model: "fingerprinted", modelVersion: 1, parametersJSON: "{}",
                               replicate: 0, instanceSeed: 1, algorithmSeed: 2, status: "ok", message: nil,
                               startedAt: Date(), wallSeconds: 0, provenance: ProvenanceProbe.current())
        let old = PlannedRun(point: point, run: StoredRun(record: record, metrics: [:]), fingerprint: BuildAfter.fingerprint)
        #expect(old.state == .stale && old.staleReason?.contains("without a code fingerprint") == true)
        let unversioned = PlannedRun(point: point, run: StoredRun(record: record, metrics: [:]), fingerprint: "")
        #expect(unversioned.state == .stored(.ok), "a model built without a fingerprint makes no run stale")
    }
}
