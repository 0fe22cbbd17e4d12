import Foundation
import GRDB
import ResultStore
import Testing

/// A series is one row: its values packed, its steps a rule (first, stride, last) or packed.
@Suite("Series storage")
struct SeriesStorageTests {
    /// Writes one run with `series` into a store at `path` and reads each back.
    func roundTrip(_ series: [SeriesData], path: String) throws {
        let store = try ResultStore(path: path)
        let run = Fixture.run(key: Fixture.key("5e71e5"))
        try store.record(run: run, metrics: [:], series: series, specID: "s")
        for data in series {
            let order = data.steps.indices.sorted { data.steps[$0] < data.steps[$1] }
            let back = try store.series(runKey: run.key, name: data.name)
            #expect(back?.steps == order.map { data.steps[$0] }, "\(data.name)")
            #expect(back?.values.map(\.bitPattern) == order.map { data.values[$0].bitPattern }, "\(data.name)")
        }
    }

    @Test("every-k-th steps, with a last one on or off the stride, are a rule; other steps are packed")
    func stepRules() throws {
        let series = [
            SeriesData(name: "every-50-and-last", steps: [0, 50, 100, 150, 200, 250, 299], values: [1, 2, 3, 4, 5, 6, 7]),
            SeriesData(name: "one-point", steps: [7], values: [.nan]),
            SeriesData(name: "two-points", steps: [3, 10], values: [-0.0, .infinity]),
            SeriesData(name: "irregular", steps: [0, 1, 3, 7, 15], values: [1, 2, 3, 4, 5]),
            SeriesData(name: "unsorted", steps: [20, 0, 10], values: [3, 1, 2]),
            SeriesData(name: "negative", steps: [-5, 0, 5, 1 << 40], values: [1, 2, 3, 4]),
            SeriesData(name: "extremes", steps: [Int.min, 0, Int.max], values: [1, 2, 3]),
            SeriesData(name: "overflowing-stride", steps: [Int.min, Int.max], values: [1, 2]),
        ]
        let dir = try TemporaryDirectory()
        let path = dir.path("store.sqlite")
        try roundTrip(series, path: path)
        typealias Columns = (first: Int?, stride: Int?, last: Int?, stepBytes: Int?, valueBytes: Int)
        let columns: [String: Columns] = try DatabaseQueue(path: path).read { db in
            var out: [String: Columns] = [:]
            for row in try Row.fetchAll(db, sql: """
                SELECT n.name, s.first_step, s.step_stride, s.last_step, length(s.steps), length(s."values")
                FROM series s JOIN names n ON n.id = s.name_id
                """) {
                out[row[0]] = (row[1], row[2], row[3], row[4], row[5])
            }
            return out
        }
        let rule = try #require(columns["every-50-and-last"])
        #expect(rule.first == 0 && rule.stride == 50 && rule.last == 299 && rule.stepBytes == nil && rule.valueBytes == 56)
        // 0, 10, 20 once sorted: a rule whose last step is on the stride, so not stored.
        let unsorted = try #require(columns["unsorted"])
        #expect(unsorted.stepBytes == nil && unsorted.first == 0 && unsorted.stride == 10 && unsorted.last == nil)
        #expect(columns["one-point"]?.first == 7 && columns["one-point"]?.last == nil)
        #expect(columns["irregular"]?.stepBytes == 40 && columns["irregular"]?.first == nil)
        // A stride that overflows Int is no rule: the steps are packed.
        #expect(columns["overflowing-stride"]?.stepBytes == 16 && columns["extremes"]?.stepBytes == 24)
        #expect(columns["negative"]?.first == -5 && columns["negative"]?.stride == 5 && columns["negative"]?.last == 1 << 40)
    }

    @Test("a repeated step is refused and nothing is written")
    func repeatedStep() throws {
        let dir = try TemporaryDirectory()
        let path = dir.path("store.sqlite")
        let store = try ResultStore(path: path)
        let key = Fixture.key("dead")
        let error = #expect(throws: StoreError.self) {
            try store.record(run: Fixture.run(key: key), metrics: ["x": 1],
                             series: [SeriesData(name: "e", steps: [0, 5, 5], values: [1, 2, 3])], specID: "s")
        }
        #expect(error?.description.contains("series 'e' repeats step 5") == true)
        #expect(try Fixture.traces(path, key: key) == ["runs": 0, "metrics": 0, "series": 0, "spec_runs": 0])
    }
}
