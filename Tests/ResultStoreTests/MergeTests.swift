import Foundation
import Testing
import ResultStore

@Suite("Merging stores")
struct MergeTests {
    @Test("merging shards unites runs, metrics, series, memberships, specs and claims; the source is untouched")
    func mergeShards() throws {
        let dir = try TemporaryDirectory()
        let shardA = dir.path("shard-0.sqlite")
        let shardB = dir.path("shard-1.sqlite")
        let shared = Fixture.key("00")
        let series = SeriesData(name: "error", steps: [0, 10, 20], values: [1, -0.0, .nan])
        do {
            let a = try ResultStore(path: shardA)
            try a.register(spec: Fixture.spec("s", registeredAt: Date(timeIntervalSince1970: 100)))
            try a.record(run: Fixture.run(key: shared), metrics: ["m": 1], series: [series], specID: "s")
            try a.record(run: Fixture.run(key: Fixture.key("a1")), metrics: ["m": .nan], series: [], specID: "s")
            let b = try ResultStore(path: shardB)
            try b.register(spec: Fixture.spec("s", registeredAt: Date(timeIntervalSince1970: 200)))
            try b.record(run: Fixture.run(key: shared), metrics: ["m": 1], series: [series], specID: "t")
            for i in 0..<150 {
                try b.record(
                    run: Fixture.run(key: Fixture.key(String(format: "b%03d", i)), replicate: i),
                    metrics: ["m": -0.0, "t": .infinity], series: [series], specID: "s")
            }
            try b.saveClaimResults(specID: "s", [
                ClaimResultRecord(
                    specID: "s", claimID: "c", text: "t", measured: 1, expectation: "< 2", passed: true, detail: nil,
                    evaluatedAt: Date(timeIntervalSince1970: 300)),
            ])
        }
        let bytesB = try Data(contentsOf: URL(fileURLWithPath: shardB))

        let into = try ResultStore(path: dir.path("merged.sqlite"))
        let first = try into.merge(from: ResultStore(readingAt: shardA))
        #expect(first == MergeSummary(
            runsAdded: 2, runsAlreadyPresent: 0, membershipsAdded: 2, specsUpdated: 1, claimResultsUpdated: 0))
        let second = try into.merge(from: ResultStore(readingAt: shardB))
        #expect(second == MergeSummary(
            runsAdded: 150, runsAlreadyPresent: 1, membershipsAdded: 151, specsUpdated: 1, claimResultsUpdated: 1))
        let again = try into.merge(from: ResultStore(readingAt: shardB))
        #expect(again == MergeSummary(
            runsAdded: 0, runsAlreadyPresent: 151, membershipsAdded: 0, specsUpdated: 0, claimResultsUpdated: 0))

        #expect(try into.runs(specID: "s").count == 152)
        #expect(try into.runs(specID: "t").map(\.record.key) == [shared])
        #expect(try into.spec(id: "s")?.registeredAt == Date(timeIntervalSince1970: 200))
        #expect(try into.claimResults(specID: "s").map(\.claimID) == ["c"])
        let copied = try #require(try into.runs(keys: [Fixture.key("b007")]).first)
        #expect(copied.metrics["m"]?.bitPattern == (-0.0).bitPattern)
        #expect(copied.metrics["t"] == .infinity)
        #expect(try into.runs(keys: [Fixture.key("a1")]).first?.metrics["m"]?.isNaN == true)
        let copiedSeries = try #require(try into.series(runKey: Fixture.key("b007"), name: "error"))
        #expect(copiedSeries.values.map(\.bitPattern) == series.values.map(\.bitPattern))
        #expect(try Data(contentsOf: URL(fileURLWithPath: shardB)) == bytesB)
    }
}
