import ExperimentKit
import Foundation
import ResultStore
@testable import Analysis
@testable import repro
import Specs
import Testing

/// A store written by the previous schema (v3): two specs (matrix sensing, and SubGM with
/// diverged runs and a remembered `--set iterations=200` plan), their `repro verify` table
/// and their exported CSVs, all made by the build before schema v4.
@Suite struct StoreMigrationTests {
    static let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures/store-v3")

    /// A scratch copy of the fixture folder.
    func scratch() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("store-v3-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: Self.fixture, to: folder)
        return folder
    }

    /// The fixture's studies joined with `store`, judged by the code that stored the runs (the
    /// fingerprint of the stored runs), so that later changes of the models' code do not make
    /// them stale here.
    func studies(_ folder: URL, store: ResultStore) throws -> [Study] {
        let loader = StudyLoader(registry: Models.registry)
        let paths = ["sensing.yaml", "robust.yaml"].map { folder.appendingPathComponent($0).path }
        return try loader.load(paths, store: store, remember: true).map { study in
            var schema = study.schema
            schema.codeFingerprint = try #require(study.runs.compactMap { $0.stored ?? $0.stale }.first?.record.codeFingerprint)
            return try Study(spec: study.spec, schema: schema, plan: study.plan, store: store)
        }
    }

    @Test func aV3StoreMigratesAndKeepsItsVerdictsAndExports() throws {
        let folder = try scratch()
        let store = try ResultStore(path: folder.appendingPathComponent("store.sqlite").path)
        #expect(try store.runCount() == 20)
        let studies = try studies(folder, store: store)
        #expect(studies.map { $0.plan.flags } == ["", "--set iterations=200"])
        for study in studies {
            #expect(study.counts.missing == 0 && study.counts.stale == 0)
            // The verdicts v3's `repro verify` saved, against the verdicts of the migrated store.
            let saved = try store.claimResults(specID: study.spec.id)
            let now = StudyVerdicts(study).verdicts
            #expect(saved.map(\.claimID) == now.map(\.claim.id))
            #expect(saved.map(\.verdict) == now.map { $0.verdict.rawValue })
            #expect(saved.map(\.measured) == now.map(\.measured))
        }
        #expect(studies.flatMap { StudyVerdicts($0).verdicts.map(\.verdict) } == [.pass, .fail, .fail])
        // The exports v3 wrote, byte for byte.
        for (study, name) in zip(studies, ["sensing", "robust"]) {
            let exporter = Exporter(schema: study.schema)
            let tables = [
                "long": exporter.longTable(spec: study.spec, runs: study.runs),
                "wide": exporter.wideTable(spec: study.spec, runs: study.runs, aggregates: ["mean", "std", "median", "count"]),
                "error": try exporter.seriesTable(spec: study.spec, runs: study.runs, name: "error", store: store),
            ]
            for (layout, table) in tables {
                let file = folder.appendingPathComponent("\(name)-\(layout).csv")
                #expect(table.csv == String(decoding: try Data(contentsOf: file), as: UTF8.self), "\(name)-\(layout).csv")
            }
        }
    }

    @Test func readingOneSweepPointAtATimeGivesTheWholeStudysVerdictsAndWideTable() throws {
        let folder = try scratch()
        let store = try ResultStore(path: folder.appendingPathComponent("store.sqlite").path)
        for study in try studies(folder, store: store) {
            let stream = StudyStream(spec: study.spec, schema: study.schema, plan: study.plan)
            let whole = StudyVerdicts(study), streamed = try StudyVerdicts(stream: stream, store: store)
            #expect(streamed.counts == whole.counts && streamed.counts.planned == study.runs.count)
            #expect(streamed.verdicts.map(\.verdict) == whole.verdicts.map(\.verdict))
            #expect(streamed.verdicts.map(\.measured) == whole.verdicts.map(\.measured))
            #expect(streamed.verdicts.map(\.probability) == whole.verdicts.map(\.probability))
            #expect(streamed.verdicts.map(\.detail) == whole.verdicts.map(\.detail))
            let exporter = Exporter(schema: study.schema)
            for specText in [false, true] {
                let aggregates = ["mean", "std", "median", "q90", "count"]
                #expect(try exporter.wideTable(stream: stream, store: store, aggregates: aggregates, specText: specText).csv
                        == exporter.wideTable(spec: study.spec, runs: study.runs, aggregates: aggregates, specText: specText).csv)
            }
        }
    }

    @Test func mergeTakesStoresOfTheOldAndTheNewSchema() throws {
        let folder = try scratch()
        let old = folder.appendingPathComponent("store.sqlite").path
        let bytes = try Data(contentsOf: URL(fileURLWithPath: old))
        // Read as it is: a migrated copy is read, the file itself is not touched.
        let source = try ResultStore(readingAt: old)
        let merged = try ResultStore(path: folder.appendingPathComponent("merged.sqlite").path)
        let first = try merged.merge(from: source)
        #expect(first.runsAdded == 20 && first.conflicts.isEmpty)
        #expect(try Data(contentsOf: URL(fileURLWithPath: old)) == bytes)
        // The same runs, metrics and series as the migrated copy.
        for spec in ["store-v3-sensing", "store-v3-robust"] {
            let a = try merged.runs(specID: spec), b = try source.runs(specID: spec)
            #expect(a == b && a.count >= 4)
            for run in a {
                #expect(try merged.series(runKey: run.record.key, name: "error") == source.series(runKey: run.record.key, name: "error"))
            }
        }
        // A new store merged with the old one: nothing to add, nothing in conflict.
        let again = try ResultStore(path: folder.appendingPathComponent("again.sqlite").path)
        #expect(try again.merge(from: merged).runsAdded == 20)
        let second = try again.merge(from: try ResultStore(readingAt: old))
        #expect(second.runsAdded == 0 && second.runsAlreadyPresent == 20 && second.conflicts.isEmpty)
        #expect(try again.specSummaries().map(\.spec.id) == ["store-v3-robust", "store-v3-sensing"])
    }
}
