import ExperimentKit
import Testing
@testable import SinkhornNewton

/// The hitting-time metrics of a trace fed a constructed sequence of marginal errors.
@Suite struct ConvergenceTraceTests {
    /// Errors 10^−k at step k (k = 0…12), with the final step observed twice as a run does:
    /// 1e-6 is first below at step 7, 1e-10 at step 11, and the last ratio is 10^−12/10^−11.
    @Test func gapAndLastRatioOfAGeometricSequence() {
        var trace = ConvergenceTrace(policy: RecordPolicy(every: 5), iterations: 12)
        for step in 0...12 {
            let error = Double("1e-\(step)") ?? .nan
            trace.observe(step: step, error: error) { (0, 0) }
        }
        trace.observe(step: 12, error: 1e-12, force: true) { (0, 0) }
        let metrics = trace.hittingMetrics
        #expect(metrics["iterations_to_1e-6"] == 7)
        #expect(metrics["iterations_to_1e-10"] == 11)
        #expect(metrics["iterations_1e-6_to_1e-10"] == 4)
        let ratio = try! #require(metrics["last_error_ratio"])
        #expect(abs(ratio - 0.1) <= 1e-12)
    }

    /// A sequence that never falls below 1e-10 has an infinite gap; one step gives no ratio.
    @Test func unreachedLevelAndSingleStep() {
        var trace = ConvergenceTrace(policy: RecordPolicy(every: 1), iterations: 3)
        for (step, error) in [1e-3, 1e-7, 5e-8].enumerated() { trace.observe(step: step, error: error) { (0, 0) } }
        #expect(trace.hittingMetrics["iterations_1e-6_to_1e-10"] == .infinity)
        #expect(trace.hittingMetrics["last_error_ratio"] == 0.5)
        var single = ConvergenceTrace(policy: RecordPolicy(every: 1), iterations: 1)
        single.observe(step: 0, error: 1) { (0, 0) }
        #expect(single.hittingMetrics["last_error_ratio"] == nil)
    }
}
