import Foundation
import ResultStore
import Analysis
import Runner
@testable import repro
import Specs
import Testing

/// Numeric faults end to end: a diverging step size is stored as `diverged` (both through the
/// blow-up bound and through overflow to ±∞/NaN), and degenerate instances run to the end
/// with finite numbers instead of trapping.
@Suite("Numeric faults", .timeLimit(.minutes(2)))
struct NumericFaultTests {
    /// A one-point spec of matrix sensing with `params` (flow-mapping entries) and 1 replicate.
    func spec(_ id: String, _ params: String) -> String {
        """
        id: \(id)
        title: numeric fault \(id)
        paper: xiong2023
        model: matrix-sensing
        params: { \(params) }
        replicates: 2

        """
    }

    /// Runs `text` through `repro run` into a fresh store and returns the stored runs.
    func runAndRead(_ text: String, exit expected: Int32 = 0) throws -> [StoredRun] {
        let scratch = try Scratch("numeric")
        defer { scratch.remove() }
        let path = try scratch.write("spec.yaml", text)
        let store = scratch.path("store.sqlite")
        let result = try Repro.run(["run", path, "--db", store, "--quiet", "--jobs", "1"], in: scratch.url)
        #expect(result.status == expected, "\(result.stderr)")
        let spec = try SpecLoader(registry: Models.registry).load(path: path)
        let keys = try SweepRunner.plan(spec, registry: Models.registry).map(\.identity.key)
        let runs = try ResultStore(readingAt: store).runs(keys: keys)
        #expect(runs.count == keys.count, "every planned run is stored, none dropped")
        return runs
    }

    @Test("a step above the stability limit is stored as diverged at the iteration the bound was crossed")
    func divergesThroughTheBlowUpBound() throws {
        let runs = try runAndRead(spec("diverge-bound", "n: 6, rank: 1, measurements: 80, search_rank: 1, "
            + "init_scale: 0.5, step: 80.0, iterations: 300, blowup: 1.0e6"))
        for run in runs {
            #expect(run.record.status == "diverged")
            #expect(run.record.message?.contains("exceeded the blow-up bound 1000000.0") == true, "\(run.record.message ?? "")")
            let at = try #require(run.metrics["diverged_at"])
            #expect(at >= 1 && at < 300)
            // The last finite error recorded before the stop is below the bound.
            let finalError = try #require(run.metrics["final_error"])
            #expect(finalError.isFinite && finalError <= 1.0e6)
        }
    }

    @Test("an error that overflows to infinity or NaN is stored as diverged, not dropped")
    func divergesThroughOverflow() throws {
        let runs = try runAndRead(spec("diverge-overflow", "n: 6, rank: 1, measurements: 80, search_rank: 2, "
            + "parameterization: asymmetric, init_scale: 0.5, step: 500.0, iterations: 400, blowup: 1.0e300"))
        for run in runs {
            #expect(run.record.status == "diverged")
            let message = run.record.message ?? ""
            #expect(message.contains("= inf") || message.contains("= nan"), "\(message)")
            #expect(run.metrics["diverged_at"].map { $0 >= 1 } == true)
        }
    }

    @Test("one measurement for a 6×6 matrix (m far below r(2n−r)) runs to the end without recovering")
    func tooFewMeasurements() throws {
        let runs = try runAndRead(spec("one-measurement", "n: 6, rank: 1, measurements: 1, search_rank: 1, "
            + "init_scale: 0.5, step: 0.1, iterations: 200"))
        for run in runs {
            #expect(run.record.status == "ok", "\(run.record.message ?? "")")
            let error = try #require(run.metrics["final_error"])
            // ‖M*‖_F = 1 for the default rank-1 spectrum; one measurement cannot recover it.
            #expect(error.isFinite && error > 0.1)
            #expect(run.metrics["final_loss"].map { $0.isFinite && $0 >= 0 } == true)
        }
    }

    @Test("a 1×1 problem and a rebalanced run that never switches are handled, not trapped")
    func smallestInstances() throws {
        let tiny = try runAndRead(spec("one-by-one", "n: 1, rank: 1, measurements: 3, search_rank: 1, "
            + "init_scale: 0.5, step: 0.1, iterations: 50"))
        #expect(tiny.allSatisfy { $0.record.status == "ok" && ($0.metrics["final_error"] ?? .nan).isFinite })
        let rebalanced = try runAndRead(spec("never-switches", "n: 4, rank: 1, measurements: 40, search_rank: 2, "
            + "parameterization: asymmetric-rebalanced, init_scale: 1.0e-6, step: 1.0e-6, iterations: 5, switch_below: 1.0e-12"))
        for run in rebalanced {
            #expect(run.record.status == "ok")
            #expect(run.metrics["switch_iteration"] == .infinity)
            #expect(run.metrics["linear_rate"] == nil)
        }
    }
}
