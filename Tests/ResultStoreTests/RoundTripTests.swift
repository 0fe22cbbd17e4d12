import Foundation
import Testing
import ResultStore

@Suite("Writing and reading runs")
struct RoundTripTests {
    @Test("a run with non-finite metrics and a 1000-point series reads back bit for bit")
    func roundTrip() throws {
        let dir = try TemporaryDirectory()
        let store = try ResultStore(path: dir.path("store.sqlite"))
        let run = Fixture.run(key: Fixture.key("ab12"))
        let metrics: [String: Double] = [
            "final_error": 1.234_567_890_123_456_7e-11, "time_to_threshold": .infinity, "slope": -.infinity,
            "undefined": .nan, "negative_zero": -0.0, "tenth": 0.1, "subnormal": Double.leastNonzeroMagnitude,
            "huge": Double.greatestFiniteMagnitude,
        ]
        var generator = SplitMix(seed: 42)
        var values = (0..<1000).map { _ in Double(bitPattern: generator.next() >> 2) * (generator.next() % 2 == 0 ? 1 : -1) }
        values[3] = .nan
        values[4] = .infinity
        values[5] = -.infinity
        values[6] = -0.0
        let error = SeriesData(name: "error", steps: Array(stride(from: 0, to: 10_000, by: 10)), values: values)
        let loss = SeriesData(name: "loss", steps: [0, 1, 2], values: [3, 2, 1])

        try store.record(run: run, metrics: metrics, series: [error, loss], specID: "spec-a")

        let stored = try store.runs(specID: "spec-a")
        #expect(stored.count == 1)
        let back = try #require(stored.first)
        #expect(back.record == run)
        #expect(back.record.instanceSeed == 0x8000_0000_0000_0001)
        #expect(back.record.algorithmSeed == UInt64.max)
        #expect(back.metrics.keys.sorted() == metrics.keys.sorted())
        for (name, value) in metrics {
            #expect(back.metrics[name]?.bitPattern == value.bitPattern, "metric \(name)")
        }
        #expect(back == StoredRun(record: run, metrics: metrics))

        let series = try #require(try store.series(runKey: run.key, name: "error"))
        #expect(series.steps == error.steps)
        #expect(series.values.map(\.bitPattern) == error.values.map(\.bitPattern))
        #expect(series == error)
        #expect(try store.series(runKey: run.key, name: "loss") == loss)
        #expect(try store.series(runKey: run.key, name: "missing") == nil)
        #expect(try store.seriesNames(runKey: run.key) == ["error", "loss"])
        #expect(try store.runs(keys: [run.key, Fixture.key("ffff")]) == stored)
    }

    @Test("writing the same key twice keeps one run with the second metrics and series")
    func rerunReplaces() throws {
        let dir = try TemporaryDirectory()
        let path = dir.path("store.sqlite")
        let store = try ResultStore(path: path)
        let key = Fixture.key("c0ffee")
        try store.record(
            run: Fixture.run(key: key, status: "failed"), metrics: ["a": 1, "b": 2],
            series: [SeriesData(name: "old", steps: [0, 1], values: [1, 2])], specID: "spec-a")
        try store.link(specID: "spec-b", runKeys: [key])
        var second = Fixture.run(key: key)
        second.wallSeconds = 2.25
        try store.record(
            run: second, metrics: ["c": 3],
            series: [SeriesData(name: "new", steps: [5], values: [0.5])], specID: "spec-a")

        #expect(try store.runs(specID: "spec-a") == [StoredRun(record: second, metrics: ["c": 3])])
        #expect(try store.seriesNames(runKey: key) == ["new"])
        #expect(try store.series(runKey: key, name: "old") == nil)
        #expect(try Fixture.traces(path, key: key) == ["runs": 1, "metrics": 1, "series": 1, "spec_runs": 2])
        #expect(try store.runs(specID: "spec-b").map(\.record) == [second], "membership in other specs is kept")
    }

    @Test("existingRunKeys and runs(keys:) see only stored runs, in parameter order")
    func existingKeys() throws {
        let dir = try TemporaryDirectory()
        let store = try ResultStore(path: dir.path("store.sqlite"))
        let keys = (0..<3).map { Fixture.key("a\($0)") }
        for (i, key) in keys.enumerated() {
            try store.record(
                run: Fixture.run(key: key, replicate: 2 - i), metrics: [:], series: [], specID: "s")
        }
        #expect(try store.existingRunKeys(among: []) == [])
        #expect(try store.existingRunKeys(among: keys + [Fixture.key("b0")]) == Set(keys))
        let many = (0..<1200).map { String(format: "%064x", $0) } + [keys[1]]
        #expect(try store.existingRunKeys(among: many) == [keys[1]])
        #expect(try store.runs(keys: keys).map(\.record.replicate) == [0, 1, 2])
    }

    @Test("a run linked to two specs belongs to both")
    func linkSharesRuns() throws {
        let dir = try TemporaryDirectory()
        let store = try ResultStore(path: dir.path("store.sqlite"))
        let shared = Fixture.key("5a")
        try store.record(run: Fixture.run(key: shared), metrics: ["m": 1], series: [], specID: "fig1")
        try store.record(run: Fixture.run(key: Fixture.key("5b")), metrics: [:], series: [], specID: "fig1")
        try store.link(specID: "fig2", runKeys: [shared])
        try store.link(specID: "fig2", runKeys: [shared])

        #expect(try store.runs(specID: "fig1").count == 2)
        #expect(try store.runs(specID: "fig2").map(\.record.key) == [shared])
        #expect(try store.runs(specID: "fig2").first?.metrics == ["m": 1])

        let error = #expect(throws: StoreError.self) {
            try store.link(specID: "fig3", runKeys: [shared, Fixture.key("dead")])
        }
        #expect(error?.description.contains("no such run") == true)
        #expect(try store.runs(specID: "fig3").isEmpty, "a failed link links nothing")
    }

    @Test("runs(keyPrefix:) matches hex prefixes, case-insensitively")
    func keyPrefix() throws {
        let dir = try TemporaryDirectory()
        let store = try ResultStore(path: dir.path("store.sqlite"))
        for prefix in ["abc1", "abc2", "abd0", "0abc"] {
            try store.record(run: Fixture.run(key: Fixture.key(prefix)), metrics: ["x": 1], series: [], specID: "s")
        }
        #expect(try store.runs(keyPrefix: "abc").map(\.record.key) == [Fixture.key("abc1"), Fixture.key("abc2")])
        #expect(try store.runs(keyPrefix: "ABD").map(\.record.key) == [Fixture.key("abd0")])
        #expect(try store.runs(keyPrefix: "abc2").first?.metrics == ["x": 1])
        #expect(try store.runs(keyPrefix: "f").isEmpty)
        #expect(try store.runs(keyPrefix: "").count == 4)
        try store.record(run: Fixture.run(key: "run-1"), metrics: [:], series: [], specID: "s")
        #expect(try store.runs(keyPrefix: "").count == 5, "the empty prefix matches every key")
        #expect(throws: StoreError.self) { try store.runs(keyPrefix: "xyz") }
    }

    @Test("specSummaries counts runs by status, per spec, ordered by id")
    func summaries() throws {
        let dir = try TemporaryDirectory()
        let store = try ResultStore(path: dir.path("store.sqlite"))
        try store.register(spec: Fixture.spec("zeta"))
        try store.register(spec: Fixture.spec("alpha"))
        let statuses = ["ok", "ok", "diverged", "failed", "ok"]
        for (i, status) in statuses.enumerated() {
            try store.record(
                run: Fixture.run(key: Fixture.key("e\(i)"), replicate: i, status: status), metrics: [:], series: [],
                specID: "alpha")
        }
        try store.link(specID: "zeta", runKeys: [Fixture.key("e2")])

        let summaries = try store.specSummaries()
        #expect(summaries.map(\.spec.id) == ["alpha", "zeta"])
        #expect(summaries.first?.runCounts == ["ok": 3, "diverged": 1, "failed": 1])
        #expect(summaries.last?.runCounts == ["diverged": 1])
        #expect(summaries.first?.spec == Fixture.spec("alpha"))
    }

    @Test("register updates a spec in place")
    func registerUpdates() throws {
        let dir = try TemporaryDirectory()
        let store = try ResultStore(path: dir.path("store.sqlite"))
        try store.register(spec: Fixture.spec("s"))
        var changed = Fixture.spec("s")
        changed.contentHash = "def456"
        changed.title = "New title"
        try store.register(spec: changed)
        #expect(try store.spec(id: "s") == changed)
        #expect(try store.spec(id: "missing") == nil)
        #expect(try store.specSummaries().count == 1)
    }

    @Test("saveClaimResults replaces the results of a spec and keeps their order")
    func claimResults() throws {
        let dir = try TemporaryDirectory()
        let store = try ResultStore(path: dir.path("store.sqlite"))
        let when = Date(timeIntervalSince1970: 1_763_800_123.456)
        func claim(_ id: String, _ measured: Double?, _ passed: Bool, spec: String = "s") -> ClaimResultRecord {
            ClaimResultRecord(
                specID: spec, claimID: id, text: "claim \(id)", measured: measured, expectation: "< 1e-08",
                passed: passed, detail: passed ? nil : "median over 5 replicates", evaluatedAt: when)
        }
        try store.saveClaimResults(specID: "s", [claim("b", 1e-9, true), claim("a", nil, false), claim("c", .infinity, false)])
        try store.saveClaimResults(specID: "other", [claim("x", 2, true, spec: "other")])
        #expect(try store.claimResults(specID: "s") == [claim("b", 1e-9, true), claim("a", nil, false), claim("c", .infinity, false)])

        try store.saveClaimResults(specID: "s", [claim("z", 0.5, true)])
        #expect(try store.claimResults(specID: "s") == [claim("z", 0.5, true)])
        #expect(try store.claimResults(specID: "other") == [claim("x", 2, true, spec: "other")])

        #expect(throws: StoreError.self) { try store.saveClaimResults(specID: "s", [claim("y", 1, true, spec: "other")]) }
        #expect(throws: StoreError.self) { try store.saveClaimResults(specID: "s", [claim("y", 1, true), claim("y", 2, true)]) }
        #expect(try store.claimResults(specID: "s") == [claim("z", 0.5, true)])
    }

    @Test("times are stored as ISO 8601 UTC to the millisecond")
    func timestamps() throws {
        let dir = try TemporaryDirectory()
        let store = try ResultStore(path: dir.path("store.sqlite"))
        let cases: [(Double, Double)] = [
            (1_763_800_000.125, 1_763_800_000.125),
            (1_709_164_800.000_4, 1_709_164_800),      // 2024-02-29, rounded down
            (1_709_164_800.999_6, 1_709_164_801),      // rounded up across a second
            (-1.5, -1.5),                              // before 1970
            (0, 0),
        ]
        for (i, (given, expected)) in cases.enumerated() {
            try store.register(spec: Fixture.spec("t\(i)", registeredAt: Date(timeIntervalSince1970: given)))
            #expect(try store.spec(id: "t\(i)")?.registeredAt == Date(timeIntervalSince1970: expected), "case \(i)")
        }
        let texts = try Fixture.column(dir.path("store.sqlite"), sql: "SELECT registered_at FROM specs ORDER BY id")
        #expect(texts == [
            "2025-11-22T08:26:40.125Z", "2024-02-29T00:00:00.000Z", "2024-02-29T00:00:01.000Z",
            "1969-12-31T23:59:58.500Z", "1970-01-01T00:00:00.000Z",
        ])
    }
}

/// SplitMix64, for reproducible test data.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
