import ExperimentKit
import Foundation
import ResultStore
@testable import Analysis
@testable import Runner
@testable import repro
import Specs
import Testing

@Suite struct ComparisonTests {
    @Test func changedValuesAreExactlyTheDifferencesAndTheVerdictChange() throws {
        let spec = try loadSynthetic()
        let a = try syntheticRuns(spec)
        var b = a
        // k = 1, α = 0.5: the rates of replicates 0 and 1 (0.5, 0.6) drop to 0.1.
        b[1].stored?.metrics["linear_rate"] = 0.1
        b[0].stored?.metrics["linear_rate"] = 0.1
        let result = Comparison().compare(spec, a: a, b: b)
        let differing = result.values.filter(\.differs)
        #expect(differing.count == 2)
        #expect(differing.map(\.metric) == ["linear_rate", "linear_rate"])
        #expect(differing.map(\.replicate) == [0, 1])
        #expect(differing.allSatisfy { $0.point == "init_scale = 0.5, search_rank = 1" })
        #expect(abs(try #require(differing[1].difference) - (0.1 - 0.6)) < 1e-12)
        #expect(result.values.count == 12 * 3)
        #expect(result.onBoth == 12 && result.onlyA == 0 && result.onlyB == 0)
        // Median of {0.1, 0.1, 0.7} = 0.1 < 0.15: the claim went pass → fail.
        #expect(result.verdicts.count == 1 && result.verdicts[0].change == "pass→fail" && result.verdicts[0].isRegression)
        let text = Comparison.render([result], labels: ("a", "b"), all: false)
        #expect(text.contains("2 of 36 values differ"))
        #expect(text.contains("1 claim(s) went from pass to fail: rate-k1"))
    }

    @Test func toleranceAndMissingRuns() throws {
        let spec = try loadSynthetic()
        let a = try syntheticRuns(spec)
        var b = a
        b[3].stored?.metrics["final_error"] = (a[3].stored?.metrics["final_error"] ?? 0) * (1 + 1e-12)
        b[5].stored = nil
        let exact = Comparison().compare(spec, a: a, b: b)
        #expect(exact.onlyA == 1 && exact.onBoth == 11)
        #expect(exact.values.filter(\.differs).count == 1 + 3)   // the perturbed value; status and 2 metrics of the lost run
        let loose = Comparison(tolerance: 1e-9).compare(spec, a: a, b: b)
        #expect(loose.values.filter(\.differs).count == 3)
        #expect(loose.verdicts[0].change == "=")
    }

    @Test func commitsAreJoinedByParametersAndReplicate() throws {
        let spec = try loadSynthetic()
        let points = try SweepRunner.plan(spec, registry: Models.registry)
        let stored = [storedRun(points[4], metrics: ["final_error": 1], commit: "abc123")]
        let joined = Comparison.join(points, runs: stored)
        #expect(joined.compactMap(\.stored).count == 1 && joined[4].stored?.record.provenance.gitCommit == "abc123")
    }
}
