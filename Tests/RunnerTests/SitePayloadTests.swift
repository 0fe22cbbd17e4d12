import Foundation
import ResultStore
@testable import Analysis
@testable import repro
import Specs
import Testing

/// The data a spec page of the HTML report draws from.
@Suite struct SitePayloadTests {
    func payload() throws -> (SitePayload, [String: Any]) {
        let spec = try loadSynthetic()
        let runs = try syntheticRuns(spec)
        let bySeries = FigureDataTests().series(runs)
        let builder = FigureBuilder(schema: try #require(Models.registry.schema(of: "matrix-sensing")))
        let figures = try spec.figures.map { (figure: Figure) throws(StoreError) -> FigureData in
            try builder.data(spec: spec, figure: figure, runs: runs) { (key, _) throws(StoreError) in bySeries[key] }
        }
        let payload = SitePayload(figures: figures, runs: runs)
        let json = try JSONSerialization.jsonObject(with: try JSONEncoder().encode(payload)) as? [String: Any]
        return (payload, try #require(json))
    }

    @Test func seriesCurvesCarryTheirRunsAndSecondsPerIteration() throws {
        let (payload, _) = try payload()
        #expect(payload.runs.count == 12)
        let series = payload.figures[0]
        #expect(series.series && series.logY && !series.logX && series.yLabel == "error" && series.band == "minmax")
        let k1 = series.curves[0]
        #expect(k1.members.count == 3 && k1.members.allSatisfy { $0.x == nil })
        #expect(Set(k1.members.map { payload.runs[$0.run].replicate }) == [0, 1, 2])
        // Wall 1 s per run over 20, 20 and 10 recorded iterations: median 1/20 s per iteration.
        #expect(k1.secondsPerStep == 0.05)
        // [x, low, median, high, values, runs]; at t = 20 one run has stopped: no median.
        let last = k1.points[2], middle = k1.points[1]
        let t10: Double = pow(2, -10), t20: Double = pow(2, -20)
        #expect(last[0] == 20 && last[2] == nil && last[1] == t20 && last[5] == 3)
        let expected: [Double?] = [10, t10, 2 * t10, 3 * t10, 3, 3]
        #expect(middle == expected)
    }

    @Test func metricCurvesPlaceEachRunAtItsX() throws {
        let (payload, json) = try payload()
        let metric = payload.figures[1]
        #expect(!metric.series && metric.band == "quantiles" && metric.curves[0].secondsPerStep == nil)
        for curve in metric.curves {
            #expect(curve.members.count == 6)
            #expect(curve.members.filter { $0.x == 0.5 }.count == 3 && curve.members.filter { $0.x == 0.25 }.count == 3)
        }
        let run = payload.runs[0]
        #expect(run.point == "init_scale = 0.5, search_rank = 1" && run.gitCommit == "c1" && run.blas == "none")
        #expect(run.instanceSeed == "1" && run.startedAt == "1970-01-01T00:00:00Z")
        // NaN becomes null in the JSON the page parses.
        let figures = try #require(json["figures"] as? [[String: Any]])
        let curves = try #require(figures[0]["curves"] as? [[String: Any]])
        let points = try #require(curves[0]["points"] as? [[Any]])
        #expect(points[2][2] is NSNull)
    }
}
