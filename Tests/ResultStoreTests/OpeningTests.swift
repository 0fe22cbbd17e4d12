import Foundation
import GRDB
import Testing
import ResultStore

@Suite("Opening stores")
struct OpeningTests {
    @Test("a writable store creates its parent directories and uses WAL")
    func createsDirectoriesAndWAL() throws {
        let dir = try TemporaryDirectory()
        let path = dir.path("results/nested/deeper/repro.sqlite")
        let store = try ResultStore(path: path)
        #expect(store.path == path)
        #expect(!store.isReadOnly)
        #expect(FileManager.default.fileExists(atPath: path))
        let mode = try DatabaseQueue(path: path).read { db in try String.fetchOne(db, sql: "PRAGMA journal_mode") }
        #expect(mode == "wal")
        let tables = try Fixture.column(path, sql: "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        #expect(tables == ["claim_results", "grdb_migrations", "metrics", "names", "points", "provenances", "runs", "series", "spec_plans",
                          "spec_runs", "specs"])
    }

    @Test("a parent that is a file is reported with the directory's name")
    func parentIsAFile() throws {
        let dir = try TemporaryDirectory()
        try Data("x".utf8).write(to: dir.url.appendingPathComponent("results"))
        let path = dir.path("results/sub/repro.sqlite")
        let error = #expect(throws: StoreError.self) { try ResultStore(path: path) }
        let description = try #require(error?.description)
        #expect(description.hasPrefix("\(path): cannot create directory \(dir.path("results/sub"))"))
        #expect(!description.contains("\n"))
    }

    @Test("reading a missing file throws and creates nothing")
    func readingMissingFile() throws {
        let dir = try TemporaryDirectory()
        let path = dir.path("absent/repro.sqlite")
        #expect(throws: StoreError.fileNotFound(path: path)) { try ResultStore(readingAt: path) }
        #expect(StoreError.fileNotFound(path: path).description == "\(path): no such file")
        #expect(!FileManager.default.fileExists(atPath: dir.path("absent")))
    }

    @Test("a text file is not an SQLite database, for reading and for writing, and is left unchanged")
    func textFile() throws {
        let dir = try TemporaryDirectory()
        let path = dir.path("notes.sqlite")
        let text = Data("These are my notes, not a database.\n".utf8)
        try text.write(to: URL(fileURLWithPath: path))
        let readError = #expect(throws: StoreError.self) { try ResultStore(readingAt: path) }
        #expect(readError?.description == "\(path): not an SQLite database")
        let writeError = #expect(throws: StoreError.self) { try ResultStore(path: path) }
        #expect(writeError?.description == "\(path): not an SQLite database")
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == text)
    }

    @Test("an SQLite database without the store's tables is not a store")
    func foreignDatabase() throws {
        let dir = try TemporaryDirectory()
        let path = dir.path("other.sqlite")
        try DatabaseQueue(path: path).write { db in try db.execute(sql: "CREATE TABLE t (x)") }
        #expect(throws: StoreError.notAStore(path: path)) { try ResultStore(readingAt: path) }
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        #expect(throws: StoreError.notAStore(path: path)) { try ResultStore(path: path) }
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
    }

    @Test("a read-only open and queries leave the file's bytes unchanged; writes are refused")
    func readOnlyDoesNotModify() throws {
        let dir = try TemporaryDirectory()
        let path = dir.path("repro.sqlite")
        let key = Fixture.key("1234")
        do {
            let writer = try ResultStore(path: path)
            try writer.register(spec: Fixture.spec("s"))
            try writer.record(
                run: Fixture.run(key: key), metrics: ["m": .infinity],
                series: [SeriesData(name: "e", steps: [0], values: [1])], specID: "s")
            try writer.saveClaimResults(specID: "s", [])
        }
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        let modifiedBefore = try FileManager.default.attributesOfItem(atPath: path)[.modificationDate] as? Date

        do {
            let reader = try ResultStore(readingAt: path)
            #expect(reader.isReadOnly)
            #expect(try reader.runs(specID: "s").map(\.record.key) == [key])
            #expect(try reader.runs(keyPrefix: "12").count == 1)
            #expect(try reader.series(runKey: key, name: "e")?.values == [1])
            #expect(try reader.specSummaries().first?.runCounts == ["ok": 1])
            #expect(try reader.claimResults(specID: "s").isEmpty)
            #expect(throws: StoreError.readOnly(path: path)) { try reader.register(spec: Fixture.spec("t")) }
            #expect(throws: StoreError.readOnly(path: path)) {
                try reader.record(run: Fixture.run(key: Fixture.key("99")), metrics: [:], series: [], specID: "s")
            }
        }

        let after = try Data(contentsOf: URL(fileURLWithPath: path))
        #expect(after == before)
        let modifiedAfter = try FileManager.default.attributesOfItem(atPath: path)[.modificationDate] as? Date
        #expect(modifiedAfter == modifiedBefore)
    }

    @Test("a store migrated by a newer repro is refused, for writing and for reading")
    func newerSchema() throws {
        let dir = try TemporaryDirectory()
        let path = dir.path("repro.sqlite")
        _ = try ResultStore(path: path)
        try DatabaseQueue(path: path).write { db in
            try db.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('v6')")
        }
        let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        let expected = "\(path): store was written by a newer repro (schema v6; this build knows v4)"
        let writeError = #expect(throws: StoreError.self) { try ResultStore(path: path) }
        #expect(writeError?.description == expected)
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == bytes, "a newer store is not touched")
        let readError = #expect(throws: StoreError.self) { try ResultStore(readingAt: path) }
        #expect(readError?.description == expected)
        #expect(ResultStore.schemaVersion == 4)
    }

    @Test("an unknown migration without a version number is named")
    func unknownMigrationName() throws {
        let dir = try TemporaryDirectory()
        let path = dir.path("repro.sqlite")
        _ = try ResultStore(path: path)
        try DatabaseQueue(path: path).write { db in
            try db.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('add-index')")
        }
        let error = #expect(throws: StoreError.self) { try ResultStore(path: path) }
        #expect(error?.description == "\(path): store was written by a newer repro (unknown migrations add-index; this build knows v4)")
    }

    @Test("reopening a current store for writing keeps its runs")
    func reopen() throws {
        let dir = try TemporaryDirectory()
        let path = dir.path("repro.sqlite")
        try ResultStore(path: path).record(
            run: Fixture.run(key: Fixture.key("77")), metrics: [:], series: [], specID: "s")
        #expect(try ResultStore(path: path).existingRunKeys(among: [Fixture.key("77")]).count == 1)
    }

}
