import ExperimentKit
import Foundation
import ResultStore
@testable import Analysis
@testable import Runner
@testable import repro
import Specs
import Testing

@Suite struct FigureDataTests {
    /// Series of a run: error_t = (replicate + 1) · 2^-t at t = 0, 10, 20 (×100 at k = 2), except
    /// that replicate 2 at k = 1 stops after t = 10 (run key → series).
    func series(_ runs: [PlannedRun]) -> [String: SeriesData] {
        var out: [String: SeriesData] = [:]
        for run in runs {
            let k1 = run.point.parameters["search_rank"] == .int(1)
            let scale = Double(run.point.replicate + 1) * (k1 ? 1 : 100)
            let steps = k1 && run.point.replicate == 2 ? [0, 10] : [0, 10, 20]
            out[run.point.identity.key] = SeriesData(name: "error", steps: steps,
                                                     values: steps.map { scale * pow(2, -Double($0)) })
        }
        return out
    }

    @Test func seriesFigureHasMedianAndMinMaxPerStep() throws {
        let spec = try loadSynthetic()
        let runs = try syntheticRuns(spec)
        let bySeries = series(runs)
        let builder = FigureBuilder(schema: try #require(Models.registry.schema(of: "matrix-sensing")))
        let data = try builder.data(spec: spec, figure: spec.figures[0], runs: runs) { (key, _) throws(StoreError) in bySeries[key] }
        #expect(data.curves.map(\.label) == ["search_rank = 1", "search_rank = 2"])
        #expect(data.runsDrawn == 6 && data.runsLeftOut == 0)
        let k1 = data.curves[0].points
        #expect(k1.map(\.x) == [0, 10, 20])
        // Replicates scale 1, 2, 3: median 2·2^-t, min 1·2^-t, max 3·2^-t.
        #expect(k1[1] == FigurePoint(x: 10, median: 2 * pow(2, -10), low: pow(2, -10), high: 3 * pow(2, -10), count: 3, runs: 3))
        // At t = 20 replicate 2 has stopped: no median (no jump to the median of two), band over the two left.
        #expect(k1[2].median.isNaN && k1[2].low == pow(2, -20) && k1[2].high == 2 * pow(2, -20))
        #expect(k1[2].count == 2 && k1[2].runs == 3)
        #expect(data.curves[1].points[0].median == 200)
        #expect(data.xLabel == "iteration t" && data.curvesLabel == "search_rank (k)" && data.yLabel == "error (median over replicates, band min–max)")
        #expect(data.title == spec.title)
    }

    /// x: time puts each step at the median of the runs' elapsed seconds there: replicate j
    /// records elapsed_seconds = (j + 1)·0.01·t, so at t = 10 the runs are at 0.1, 0.2, 0.3 s
    /// (median 0.2) and at t = 20 only two runs are left (0.2 and 0.4 s: median 0.3).
    @Test func seriesAgainstMeasuredTime() throws {
        let spec = try loadSynthetic()
        let runs = try syntheticRuns(spec)
        let bySeries = series(runs)
        var clocks: [String: SeriesData] = [:]
        for run in runs {
            let steps = bySeries[run.point.identity.key]?.steps ?? []
            clocks[run.point.identity.key] = SeriesData(
                name: OutputSpec.elapsedSeconds, steps: steps,
                values: steps.map { Double(run.point.replicate + 1) * 0.01 * Double($0) })
        }
        var figure = spec.figures[0]
        figure.x = .time
        let builder = FigureBuilder(schema: try #require(Models.registry.schema(of: "matrix-sensing")))
        let data = try builder.data(spec: spec, figure: figure, runs: runs) { (key, name) throws(StoreError) in
            name == OutputSpec.elapsedSeconds ? clocks[key] : bySeries[key]
        }
        let k1 = data.curves[0].points
        #expect(k1.count == 3)
        #expect(k1[0].x == 0 && abs(k1[1].x - 0.2) < 1e-15 && abs(k1[2].x - 0.3) < 1e-15)
        #expect(k1[1].median == 2 * pow(2, -10) && k1[1].count == 3)
        #expect(data.xLabel == "wall time (s, median over replicates)")
        // A run without the clock series is not drawn.
        let partial = try builder.data(spec: spec, figure: figure, runs: runs) { (key, name) throws(StoreError) in
            name == OutputSpec.elapsedSeconds ? nil : bySeries[key]
        }
        #expect(partial.isEmpty)
    }

    /// The report names the machines of the ok runs of a spec that uses timings, once each,
    /// and none for a spec that does not.
    @Test func timingMachinesOfASpecThatUsesTimings() throws {
        var spec = try loadSynthetic()
        var runs = try syntheticRuns(spec)
        #expect(ReportSection.timingMachines(spec: spec, runs: runs).isEmpty)
        spec.claims[0].metric = "total_seconds"
        runs[1].stored?.record.provenance.host = "other"
        runs[2].stored?.record.provenance.host = "failed-host"
        runs[2].stored?.record.status = "failed"
        #expect(ReportSection.timingMachines(spec: spec, runs: runs)
                == ["h (linux; OpenBLAS none, 1 thread(s))", "other (linux; OpenBLAS none, 1 thread(s))"])
        spec.claims[0].metric = "linear_rate"
        spec.figures[0].x = .time
        #expect(ReportSection.timingMachines(spec: spec, runs: runs).count == 2)
    }

    @Test func timeNeedsAModelThatRecordsItsClock() throws {
        let text = syntheticSpecText.replacingOccurrences(of: "x: iteration", with: "x: time")
        #expect(text != syntheticSpecText)
        do {
            _ = try SpecLoader(registry: Models.registry).load(text: text, path: "time.yaml")
            Issue.record("x: time loaded for a model without elapsed_seconds")
        } catch {
            #expect("\(error)".contains("records no series 'elapsed_seconds'"))
            #expect("\(error)".hasPrefix("time.yaml:"))
        }
    }

    @Test func metricFigureAgainstAnAxisWithQuantileBand() throws {
        let spec = try loadSynthetic()
        var runs = try syntheticRuns(spec)
        // One run diverged: it leaves the figure.
        runs[0].stored?.record.status = "diverged"
        let builder = FigureBuilder(schema: try #require(Models.registry.schema(of: "matrix-sensing")))
        let data = try builder.data(spec: spec, figure: spec.figures[1], runs: runs) { (_, _) throws(StoreError) in nil }
        #expect(data.runsDrawn == 11 && data.runsLeftOut == 1)
        #expect(data.categories == nil)
        let k2 = data.curves[1].points
        #expect(k2.map(\.x) == [0.25, 0.5])
        // k = 2, α = 0.5: rates 1.0, 1.1, 1.2; type-7 10% quantile = 1.0 + 0.2·0.1 = 1.02, 90% = 1.18.
        let p = k2[1]
        #expect(abs(p.median - 1.1) < 1e-12 && abs(p.low - 1.02) < 1e-12 && abs(p.high - 1.18) < 1e-12 && p.count == 3)
        // k = 1, α = 0.5 lost replicate 0: rates 0.6, 0.7.
        #expect(abs(data.curves[0].points[1].median - 0.65) < 1e-12 && data.curves[0].points[1].count == 2)
        #expect(data.xLabel == "init_scale (α)")
    }

    @Test func aValueRepeatedInAZippedAxisIsOneCurve() throws {
        let text = syntheticSpecText.replacingOccurrences(of: """
            sweep:
              search_rank: [1, 2]
              init_scale: [0.5, 0.25]
            """, with: """
            sweep:
              zip:
                search_rank: [1, 1, 2]
                init_scale: [0.5, 0.25, 0.5]
            """)
        let spec = try SpecLoader(registry: Models.registry).load(text: text, path: "zipped.yaml")
        let runs = try syntheticRuns(spec)
        let builder = FigureBuilder(schema: try #require(Models.registry.schema(of: "matrix-sensing")))
        let data = try builder.data(spec: spec, figure: spec.figures[1], runs: runs) { (_, _) throws(StoreError) in nil }
        #expect(data.curves.map(\.label) == ["search_rank = 1", "search_rank = 2"])
        #expect(data.curves[0].points.map(\.x) == [0.25, 0.5] && data.curves[1].points.map(\.x) == [0.5])
        // Each run enters its curve once, at its own x.
        #expect(data.curves[0].members.count == 6 && data.curves[1].members.count == 3)
        #expect(data.curves[0].members.filter { $0.x == 0.25 }.count == 3)
        #expect(Set(data.curves.flatMap(\.members).map(\.key)) == Set(runs.map(\.point.identity.key)))
    }

    @Test func dataFileAndScriptSayWhatIsDrawn() throws {
        let spec = try loadSynthetic()
        let runs = try syntheticRuns(spec)
        let builder = FigureBuilder(schema: try #require(Models.registry.schema(of: "matrix-sensing")))
        let data = try builder.data(spec: spec, figure: spec.figures[1], runs: runs) { (_, _) throws(StoreError) in nil }
        let file = FigureRenderer.dataFile(data)
        let blocks = file.components(separatedBy: "\n\n\n")
        #expect(blocks.count == 2)
        let lines = blocks[1].split(separator: "\n")
        #expect(lines.first == "# curve 1: search_rank = 2")
        let row = try #require(lines.dropFirst().first).split(separator: " ").compactMap { Double($0) }
        #expect(row.count == 6 && row[0] == 0.25 && row[1] == 0.6 && abs(row[2] - 0.52) < 1e-12 && row[4] == 3 && row[5] == 3)
        let script = FigureRenderer.script(data, dataName: "synthetic-rate.dat", stem: "synthetic-rate")
        #expect(script.contains("set output 'synthetic-rate.png'") && script.contains("set output 'synthetic-rate.svg'"))
        #expect(script.contains("title 'search_rank = 2' noenhanced"))
        #expect(script.contains("using 1:3:4 with filledcurves"))
        #expect(!script.contains("set logscale"))
        #expect(FigureRenderer.quoted("it's") == "'it''s'")
    }
}
