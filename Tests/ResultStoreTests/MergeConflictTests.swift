import Foundation
import Testing
import ResultStore

@Suite("Merge conflicts and idempotent writes")
struct MergeConflictTests {
    @Test("a key stored with different results in two stores is reported and the destination's run kept")
    func conflictingRunsAreReported() throws {
        let dir = try TemporaryDirectory()
        let series = SeriesData(name: "error", steps: [0, 10], values: [1, 0.5])
        let a = try ResultStore(path: dir.path("a.sqlite"))
        let b = try ResultStore(path: dir.path("b.sqlite"))
        let same = Fixture.key("01"), metric = Fixture.key("02"), status = Fixture.key("03"), step = Fixture.key("04")
        try a.record(run: Fixture.run(key: same), metrics: ["m": 1], series: [series], specID: "s")
        try b.record(run: Fixture.run(key: same), metrics: ["m": 1], series: [series], specID: "s")
        try a.record(run: Fixture.run(key: metric), metrics: ["m": 1], series: [], specID: "s")
        try b.record(run: Fixture.run(key: metric), metrics: ["m": 1.0000000000000002], series: [], specID: "s")
        try a.record(run: Fixture.run(key: status), metrics: [:], series: [], specID: "s")
        try b.record(run: Fixture.run(key: status, status: "diverged"), metrics: [:], series: [], specID: "s")
        try a.record(run: Fixture.run(key: step), metrics: [:], series: [series], specID: "s")
        let other = SeriesData(name: "error", steps: [0, 10], values: [1, 0.25])
        try b.record(run: Fixture.run(key: step), metrics: [:], series: [other], specID: "s")

        let summary = try a.merge(from: ResultStore(readingAt: dir.path("b.sqlite")))
        #expect(summary.runsAdded == 0 && summary.runsAlreadyPresent == 4)
        #expect(summary.conflicts.map(\.key) == [metric, status, step])
        #expect(summary.conflicts[0].difference == "metric m 1.0 vs metric m 1.0000000000000002")
        #expect(summary.conflicts[1].difference == "status ok vs status diverged")
        #expect(summary.conflicts[2].difference == "series error step 10 0.5 vs series error step 10 0.25")
        #expect(try a.runs(keys: [metric]).first?.metrics["m"] == 1)
        #expect(try a.runs(keys: [status]).first?.record.status == "ok")
        #expect(try a.series(runKey: step, name: "error")?.values == [1, 0.5])
    }

    @Test("timings (metrics and series ending in _seconds) differ without a conflict; the destination's are kept")
    func timingsAreNoConflict() throws {
        let dir = try TemporaryDirectory()
        let a = try ResultStore(path: dir.path("a.sqlite"))
        let b = try ResultStore(path: dir.path("b.sqlite"))
        let timed = Fixture.key("0c"), other = Fixture.key("0d")
        let error = SeriesData(name: "error", steps: [0, 10], values: [1, 0.5])
        func clock(_ last: Double) -> SeriesData { SeriesData(name: "elapsed_seconds", steps: [0, 10], values: [0, last]) }
        try a.record(run: Fixture.run(key: timed), metrics: ["m": 1, "total_seconds": 0.5], series: [error, clock(0.5)],
                     specID: "s")
        try b.record(run: Fixture.run(key: timed), metrics: ["m": 1, "total_seconds": 0.7], series: [error, clock(0.7)],
                     specID: "s")
        // A series whose name merely contains "seconds" is not a timing.
        try a.record(run: Fixture.run(key: other), metrics: [:], series: [SeriesData(name: "seconds_left", steps: [0], values: [1])],
                     specID: "s")
        try b.record(run: Fixture.run(key: other), metrics: [:], series: [SeriesData(name: "seconds_left", steps: [0], values: [2])],
                     specID: "s")
        let summary = try a.merge(from: ResultStore(readingAt: dir.path("b.sqlite")))
        #expect(summary.conflicts.map(\.key) == [other])
        #expect(try a.series(runKey: timed, name: "elapsed_seconds")?.values == [0, 0.5])
        #expect(try a.runs(keys: [timed]).first?.metrics["total_seconds"] == 0.5)
    }

    @Test("NaNs with different payloads are the same value to merge; -0.0 and 0.0 are not")
    func nanPayloadsAreNoConflict() throws {
        let dir = try TemporaryDirectory()
        let a = try ResultStore(path: dir.path("a.sqlite"))
        let b = try ResultStore(path: dir.path("b.sqlite"))
        let quiet = Double.nan, negative = Double(bitPattern: 0xfff8_0000_0000_0000)
        #expect(quiet.bitPattern != negative.bitPattern && negative.isNaN)
        let nan = Fixture.key("0a"), zero = Fixture.key("0b")
        try a.record(run: Fixture.run(key: nan), metrics: ["m": quiet],
                     series: [SeriesData(name: "e", steps: [0], values: [quiet])], specID: "s")
        try b.record(run: Fixture.run(key: nan), metrics: ["m": negative],
                     series: [SeriesData(name: "e", steps: [0], values: [negative])], specID: "s")
        try a.record(run: Fixture.run(key: zero), metrics: ["m": 0.0], series: [], specID: "s")
        try b.record(run: Fixture.run(key: zero), metrics: ["m": -0.0], series: [], specID: "s")
        let summary = try a.merge(from: ResultStore(readingAt: dir.path("b.sqlite")))
        #expect(summary.conflicts.map(\.key) == [zero])
        #expect(summary.conflicts.first?.difference == "metric m 0.0 [0x0] vs metric m -0.0 [0x8000000000000000]")
    }

    @Test("recordIfAbsent writes a new key, and keeps a stored run while adding the spec membership")
    func recordIfAbsentKeepsTheFirst() throws {
        let dir = try TemporaryDirectory()
        let store = try ResultStore(path: dir.path("s.sqlite"))
        let key = Fixture.key("aa")
        #expect(try store.recordIfAbsent(run: Fixture.run(key: key), metrics: ["m": 1], series: [], specID: "s"))
        #expect(try !store.recordIfAbsent(run: Fixture.run(key: key), metrics: ["m": 2], series: [], specID: "t"))
        #expect(try store.runs(keys: [key]).first?.metrics["m"] == 1)
        #expect(try store.runs(specID: "t").map(\.record.key) == [key])
        #expect(try store.runCount() == 1)
        #expect(try store.runs(keys: [key, Fixture.key("bb")]).map { [$0.record.key, $0.record.status] } == [[key, "ok"]])
        #expect(try store.integrityCheck() == ["ok"])
    }

    @Test("the diff hash of a dirty checkout round-trips through schema v2")
    func diffHashRoundTrips() throws {
        let dir = try TemporaryDirectory()
        let store = try ResultStore(path: dir.path("s.sqlite"))
        var run = Fixture.run(key: Fixture.key("cc"))
        run.provenance.gitDirty = true
        run.provenance.gitDiffHash = String(repeating: "ab", count: 32)
        try store.record(run: run, metrics: [:], series: [], specID: "s")
        #expect(try store.runs(keys: [run.key]).first?.record == run)
    }
}
