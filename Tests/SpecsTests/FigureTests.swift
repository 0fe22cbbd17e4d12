import ExperimentKit
import Testing
@testable import Specs

/// The `figure:` / `figures:` grammar: what loads, and one positioned line for each mistake.
@Suite("Spec figures")
struct FigureTests {
    /// A spec sweeping search_rank and init_scale (lines 1–8), then `tail` from line 9.
    func spec(_ tail: String) -> String {
        header + "params: { n: 20 }\nsweep:\n  search_rank: [3, 4]\n  init_scale: [0.1, 0.2]\n" + tail
    }

    func message(_ text: String) -> String {
        loadError(text)?.description ?? "loaded"
    }

    @Test func seriesAgainstIterationLoads() throws {
        let loaded = try loader.load(text: spec("""
            figure:
              x: iteration
              y: error
              curves: search_rank
              where: { init_scale: 0.1 }
              log: [y]
              band: quantiles

            """), path: "x.yaml")
        let figure = try #require(loaded.figures.first)
        #expect(loaded.figures.count == 1)
        #expect(figure == Figure(x: .iteration, y: "error", curves: "search_rank",
                                 filter: ParameterSet(["init_scale": .double(0.1)]), log: [.y], band: .quantiles))
        #expect(figure.fileStem(specID: "t") == "t")
        #expect(figure.plotsSeries)
    }

    @Test func metricAgainstAxisInAListLoads() throws {
        let loaded = try loader.load(text: spec("""
            figures:
              - id: rate
                x: init_scale
                y: linear_rate
                curves: search_rank
                log: [x, y]
                band: none
                title: Rate against alpha
              - id: err
                x: iteration
                y: error
                where: { search_rank: 4, init_scale: 0.2 }

            """), path: "x.yaml")
        #expect(loaded.figures.count == 2)
        let rate = loaded.figures[0]
        #expect(rate.x == .axis("init_scale") && rate.y == "linear_rate" && rate.log == [.x, .y])
        #expect(rate.band == .none && rate.title == "Rate against alpha" && !rate.plotsSeries)
        #expect(rate.fileStem(specID: "t") == "t-rate")
        #expect(loaded.figures[1].curves == nil && loaded.figures[1].band == .minmax)
    }

    @Test func specWithoutFigureHasNone() throws {
        #expect(try loader.load(text: spec(""), path: "x.yaml").figures.isEmpty)
    }

    @Test func unknownKeySuggestsTheKey() {
        #expect(message(spec("figure:\n  x: iteration\n  y: error\n  curve: search_rank\n"))
                == "x.yaml:12:3: figure.curve: unknown key (did you mean 'curves'?)")
    }

    @Test func unknownSeriesWithIteration() {
        #expect(message(spec("figure:\n  x: iteration\n  y: eror\n  curves: search_rank\n  where: { init_scale: 0.1 }\n"))
                == "x.yaml:11:6: figure.y: unknown series of model 'matrix-sensing' (with x: iteration, y is a series) "
                + "(did you mean 'error'?)")
    }

    @Test func aMetricIsNotASeries() {
        #expect(message(spec("figure:\n  x: iteration\n  y: final_error\n  curves: search_rank\n  where: { init_scale: 0.1 }\n"))
                == "x.yaml:11:6: figure.y: unknown series of model 'matrix-sensing' (with x: iteration, y is a series); "
                + "its series: error")
    }

    @Test func unknownMetricWithAnAxis() {
        #expect(message(spec("figure:\n  x: init_scale\n  y: linear_rat\n  curves: search_rank\n"))
                == "x.yaml:11:6: figure.y: unknown metric of model 'matrix-sensing' (with x a sweep axis, y is a metric) "
                + "(did you mean 'linear_rate'?)")
    }

    @Test func xNotSwept() {
        #expect(message(spec("figure:\n  x: step\n  y: final_error\n"))
                == "x.yaml:10:6: figure.x: 'step' is neither 'iteration', 'time' nor a sweep axis "
                + "(expected iteration, time, search_rank, init_scale)")
    }

    @Test func curvesNotSwept() {
        #expect(message(spec("figure:\n  x: iteration\n  y: error\n  curves: n\n"))
                == "x.yaml:12:11: figure.curves: 'n' is not a sweep axis (expected search_rank, init_scale)")
    }

    @Test func curvesSameAsX() {
        #expect(message(spec("figure:\n  x: init_scale\n  y: final_error\n  curves: init_scale\n"))
                == "x.yaml:12:11: figure.curves: 'init_scale' is already the x axis")
    }

    @Test func curvesFixedByWhere() {
        #expect(message(spec("figure:\n  x: init_scale\n  y: final_error\n  curves: search_rank\n  where: { search_rank: 3 }\n"))
                == "x.yaml:12:11: figure.curves: 'search_rank' is fixed by 'where'; it cannot also be curves")
    }

    @Test func anAxisLeftFreeWouldPoolRuns() {
        #expect(message(spec("figure:\n  x: iteration\n  y: error\n  curves: search_rank\n"))
                == "x.yaml:10:3: figure: the sweep axis 'init_scale' is neither x, curves nor fixed by 'where'; "
                + "its runs would be pooled into one curve (fix it, e.g. where: { init_scale: … } with one of 0.1, 0.2)")
    }

    @Test func whereValueNotOnTheAxis() {
        #expect(message(spec("figure:\n  x: iteration\n  y: error\n  curves: search_rank\n  where: { init_scale: 0.3 }\n"))
                == "x.yaml:13:10: figure.where.init_scale: 0.3 is not a value of the sweep axis 'init_scale' "
                + "(its values: 0.1, 0.2)")
    }

    @Test func whereThatSelectsNoRun() {
        #expect(message(spec("figure:\n  x: iteration\n  y: error\n  curves: search_rank\n  where: { init_scale: 0.1, n: 30 }\n"))
                == "x.yaml:13:3: figure.where: no run of the sweep has init_scale = 0.1, n = 30")
    }

    @Test func badLogAndBand() {
        #expect(message(spec("figure:\n  x: init_scale\n  y: final_error\n  curves: search_rank\n  log: [z]\n"))
                == "x.yaml:13:9: figure.log: expected a list of x and y, got 'z'")
        #expect(message(spec("figure:\n  x: init_scale\n  y: final_error\n  curves: search_rank\n  band: minmx\n"))
                == "x.yaml:13:9: figure.band: expected one of minmax, quantiles, none, got 'minmx' (did you mean 'minmax'?)")
    }

    @Test func logXOfACategoricalAxis() {
        let text = header + "params: { n: 20, search_rank: 4 }\nsweep:\n  parameterization: [symmetric, asymmetric]\n"
            + "figure:\n  x: parameterization\n  y: final_error\n  log: [x]\n"
        #expect(message(text) == "x.yaml:11:8: figure.log: a log x axis needs positive numbers as values of 'parameterization'")
    }

    @Test func figuresNeedUniqueIDsAndNotBothForms() {
        let item = "    x: init_scale\n    y: final_error\n    curves: search_rank\n"
        #expect(message(spec("figures:\n  - id: a\n" + item + "  - id: a\n" + item))
                == "x.yaml:14:9: figures[1].id: duplicate figure id 'a' (first at line 10)")
        #expect(message(spec("figures:\n  - x: init_scale\n    y: final_error\n    curves: search_rank\n"))
                == "x.yaml:10:5: figures[0].id: missing required key (an item of 'figures' names its files by its id)")
        #expect(message(spec("figure: { x: init_scale, y: final_error, curves: search_rank }\nfigures: []\n"))
                == "x.yaml:10:1: figures: give either 'figure' (one) or 'figures' (a list), not both")
    }

    @Test func zippedAxesFollowTheirPartner() throws {
        let text = header + "params: { n: 20, search_rank: 4 }\nsweep:\n  zip:\n    init_scale: [0.1, 0.2]\n    step: [0.1, 0.05]\n"
            + "figure: { x: iteration, y: error, curves: init_scale }\n"
        #expect(try loader.load(text: text, path: "x.yaml").figures.first?.curves == "init_scale")
        let fixed = text.replacingOccurrences(of: "curves: init_scale", with: "where: { step: 0.05 }")
        #expect(try loader.load(text: fixed, path: "x.yaml").figures.first?.filter == ParameterSet(["step": .double(0.05)]))
    }
}
