import ExperimentKit
import NumericsCore
import Testing
@testable import MatrixCompletion

/// The behaviour JNS13 proved and the paper extends: with enough samples, alternating
/// minimization from the trimmed spectral start converges linearly to the planted matrix;
/// with full observation the spectral start already spans U*.
@Suite struct ConvergenceTests {
    @Test func exactAlternatingMinimizationConvergesLinearly() throws {
        let model = try MatrixCompletion(parameters: resolve([
            "m": .int(300), "n": .int(250), "rank": .int(4), "oversampling": .double(3), "condition_number": .double(3),
            "iterations": .int(60),
        ]))
        let outcome = try model.run(seeds: RunSeeds(instance: 3, algorithm: 4), record: RecordPolicy())
        let errors = try #require(outcome.series["error"]).values
        #expect(outcome.status == .ok)
        #expect(try #require(outcome.metrics["final_error"]) < 1e-12)
        #expect(outcome.metrics["success"] == 1)
        // Linear: the error falls by a bounded factor each iteration until the floor.
        let rate = try #require(outcome.metrics["error_ratio"])
        #expect(rate > 0 && rate < 0.8)
        let window = errors.prefix { $0 > 1e-11 }
        #expect(window.count >= 4)
        #expect(zip(window, window.dropFirst()).allSatisfy { $1 < $0 })
    }

    @Test func withEveryEntryObservedTheSpectralStartSpansTheTruth() throws {
        var g = Xoshiro256StarStar(seed: 9)
        let problem = try PlantedCompletion(rows: 40, columns: 30, rank: 3, conditionNumber: 4, oversampling: 100,
                                            sampling: .bernoulli, noise: 0).draw(using: &g)
        #expect(problem.observed.count == 1200)
        let start = try SpectralInitialization.factors(problem.observed, rank: 3, method: .spectral, iterations: 200,
                                                       trim: 0, using: &g)
        var measure = RecoveryMeasure(truth: problem.truth, rank: 3, rows: 40, columns: 30)
        #expect(try #require(try measure.subspaceDistance(u: start.u)) < 1e-10)
        // q = 1: V₀ = MᵀU₀, so U₀V₀ᵀ = U₀U₀ᵀM = M.
        #expect(try #require(try measure.relativeError(u: start.u, v: start.v)) < 1e-10)
    }

    @Test func aRandomStartIsFartherThanTheSpectralOne() throws {
        func initialError(_ method: String) throws -> Double {
            let model = try MatrixCompletion(parameters: resolve([
                "m": .int(200), "n": .int(200), "rank": .int(3), "init": .string(method), "iterations": .int(0),
            ]))
            return try #require(try model.run(seeds: RunSeeds(instance: 1, algorithm: 1), record: RecordPolicy())
                .metrics["initial_error"])
        }
        #expect(try initialError("spectral") < 0.5 * initialError("random"))
    }
}
