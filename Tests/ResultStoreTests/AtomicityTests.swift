import Foundation
import Testing
import ResultStore

@Suite("A failed write leaves no trace")
struct AtomicityTests {
    @Test("a constraint violation midway (a repeated series step) rolls back the run, metrics and series")
    func midwayFailure() throws {
        let dir = try TemporaryDirectory()
        let path = dir.path("store.sqlite")
        let store = try ResultStore(path: path)
        let key = Fixture.key("bad0")
        let good = SeriesData(name: "error", steps: Array(0..<100), values: Array(repeating: 1, count: 100))
        let bad = SeriesData(name: "loss", steps: [0, 10, 10], values: [1, 2, 3])

        let error = #expect(throws: StoreError.self) {
            try store.record(run: Fixture.run(key: key), metrics: ["m": 1], series: [good, bad], specID: "s")
        }
        #expect(error?.description == "\(path): run \(key): series 'loss' repeats step 10")
        #expect(try Fixture.traces(path, key: key) == ["runs": 0, "metrics": 0, "series": 0, "spec_runs": 0])
        #expect(try store.existingRunKeys(among: [key]).isEmpty)
    }

    @Test("an invalid status is refused and writes nothing")
    func invalidStatus() throws {
        let dir = try TemporaryDirectory()
        let path = dir.path("store.sqlite")
        let store = try ResultStore(path: path)
        let key = Fixture.key("bad1")
        let error = #expect(throws: StoreError.self) {
            try store.record(run: Fixture.run(key: key, status: "crashed"), metrics: ["m": 1], series: [], specID: "s")
        }
        #expect(error?.description.hasPrefix("\(path): run \(key): invalid status 'crashed'") == true)
        #expect(try Fixture.traces(path, key: key) == ["runs": 0, "metrics": 0, "series": 0, "spec_runs": 0])
    }

    @Test("series with mismatched lengths or a shared name are refused")
    func invalidSeries() throws {
        let dir = try TemporaryDirectory()
        let path = dir.path("store.sqlite")
        let store = try ResultStore(path: path)
        let key = Fixture.key("bad2")
        #expect(throws: StoreError.self) {
            try store.record(
                run: Fixture.run(key: key), metrics: [:],
                series: [SeriesData(name: "e", steps: [0, 1], values: [1])], specID: "s")
        }
        let twice = SeriesData(name: "e", steps: [0], values: [1])
        #expect(throws: StoreError.self) {
            try store.record(run: Fixture.run(key: key), metrics: [:], series: [twice, twice], specID: "s")
        }
        #expect(try Fixture.traces(path, key: key) == ["runs": 0, "metrics": 0, "series": 0, "spec_runs": 0])
    }

    @Test("a failed rerun keeps the previous run whole")
    func failedRerunKeepsOldRun() throws {
        let dir = try TemporaryDirectory()
        let path = dir.path("store.sqlite")
        let store = try ResultStore(path: path)
        let key = Fixture.key("bad3")
        let series = SeriesData(name: "error", steps: [0, 1], values: [2, 1])
        try store.record(run: Fixture.run(key: key), metrics: ["m": 1], series: [series], specID: "s")

        var rerun = Fixture.run(key: key)
        rerun.wallSeconds = 99
        #expect(throws: StoreError.self) {
            try store.record(
                run: rerun, metrics: ["n": 2], series: [SeriesData(name: "error", steps: [3, 3], values: [0, 0])],
                specID: "s")
        }
        #expect(try store.runs(specID: "s") == [StoredRun(record: Fixture.run(key: key), metrics: ["m": 1])])
        #expect(try store.series(runKey: key, name: "error") == series)
    }
}
