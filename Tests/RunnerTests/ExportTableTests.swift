import ExperimentKit
import Foundation
import ResultStore
@testable import Analysis
@testable import Runner
@testable import repro
import Specs
import Testing

@Suite struct ExportTableTests {
    func exporter() throws -> Exporter {
        Exporter(schema: try #require(Models.registry.schema(of: "matrix-sensing")))
    }

    @Test func quantileAggregates() {
        #expect(Exporter.isAggregate("q10") && Exporter.isAggregate("q100") && Exporter.isAggregate("q0"))
        #expect(!Exporter.isAggregate("q101") && !Exporter.isAggregate("q") && !Exporter.isAggregate("q1.5"))
        // Type 7 on 1…5: h = 4·0.9 = 3.6 → 4 + 0.6 = 4.6.
        #expect(abs(Exporter.aggregate("q90", of: [5, 1, 4, 2, 3]) - 4.6) < 1e-12)
        #expect(Exporter.aggregate("q50", of: [5, 1, 4, 2, 3]) == 3)
        #expect(Exporter.aggregate("count", of: [1, 2]) == 2)
        // A threshold never reached (+inf) stays +inf in every quantile; 1 and +inf interpolate to +inf.
        #expect(Exporter.aggregate("q10", of: [.infinity]) == .infinity)
        #expect(Exporter.aggregate("q90", of: [.infinity, .infinity, 3]) == .infinity)
        #expect(Exporter.aggregate("q0", of: [.infinity, 3]) == 3)
        #expect(Exporter.aggregate("q10", of: []).isNaN)
        #expect(Exporter.aggregate("median", of: [1, 2, 10]) == 2)
    }

    @Test func wideTableCountsStatusesAndAggregates() throws {
        let spec = try loadSynthetic()
        var runs = try syntheticRuns(spec)
        runs[1].stored?.record.status = "diverged"
        runs[2].stored = nil
        let table = try exporter().wideTable(spec: spec, runs: runs, aggregates: ["median", "q90", "count"])
        #expect(table.rows.count == 4)
        func cell(_ row: [String], _ name: String) -> String? { table.header.firstIndex(of: name).map { row[$0] } }
        let first = table.rows[0]
        #expect(cell(first, "runs") == "3" && cell(first, "ok") == "1" && cell(first, "diverged") == "1")
        #expect(cell(first, "not_run") == "1" && cell(first, "wall_seconds") == "2.0")
        #expect(cell(first, "run_ids") == [runs[0], runs[1]].map(\.point.identity.key).joined(separator: " "))
        #expect(cell(first, "linear_rate_count") == "1" && cell(first, "linear_rate_median") == "0.5")
        // k = 2, α = 0.25: rates 0.5, 0.6, 0.7 → q90 = 0.68.
        let row = try #require(table.rows.first { cell($0, "search_rank") == "2" && cell($0, "init_scale") == "0.25" })
        #expect(abs(try #require(cell(row, "linear_rate_q90").flatMap(Double.init)) - 0.68) < 1e-12)
    }

    @Test func onlyChangedDropsConstantParametersAndSortOrdersNumerically() throws {
        let spec = try loadSynthetic()
        let table = try exporter().wideTable(spec: spec, runs: try syntheticRuns(spec), aggregates: ["mean"]).onlyChanged()
        let parameters = table.header.filter { table.parameterColumns.contains($0) }
        #expect(parameters == ["search_rank", "init_scale"])
        #expect(table.header.contains("runs") && table.header.contains("linear_rate_mean"))
        let sorted = try table.sorted(by: [Table.SortKey(parsing: "init_scale"), Table.SortKey(parsing: "-search_rank")])
        let s = try #require(sorted.header.firstIndex(of: "search_rank")), a = try #require(sorted.header.firstIndex(of: "init_scale"))
        #expect(sorted.rows.map { "\($0[a])/\($0[s])" } == ["0.25/2", "0.25/1", "0.5/2", "0.5/1"])
        #expect(throws: TableError.self) { try table.sorted(by: [Table.SortKey(parsing: "nope")]) }
        #expect(Table.compare("10", "9") == 1 && Table.compare("nan", "inf") == 1 && Table.compare("", "a") == 1)
    }

    @Test func longTableWithSpecTextRoundTripsThroughTheCSVParser() throws {
        let spec = try loadSynthetic()
        var runs = try syntheticRuns(spec)
        runs[0].stored?.record.status = "failed"
        runs[0].stored?.metrics = [:]
        var withNotes = spec
        withNotes.notes = "tuned, \"by hand\"\nsecond line, with comma"
        let table = try exporter().longTable(spec: withNotes, runs: runs, specText: true)
        let parsed = CSV.parse(table.csv)
        #expect(parsed == [table.header] + table.rows)
        #expect(parsed[1][1] == spec.title && parsed[1][2] == withNotes.notes)
        #expect(Array(parsed[0].prefix(7)) == ["spec", "title", "notes", "run", "replicate", "status", "wall_seconds"])
        // The failed run without metrics keeps one row; the 11 others have 2 metrics each.
        #expect(parsed.count == 1 + 1 + 11 * 2)
        #expect(parsed[1][5] == "failed" && parsed[1].suffix(2) == ["", ""])
    }
}
