import ExperimentKit
import NumericsCore

/// Seconds per iteration of our side, by difference: a run of T₂ iterations minus a run of
/// T₁, over T₂ − T₁, so the setup (instance generation, initialization, summaries) cancels.
/// Repeated, alternating T₁ and T₂; the median difference is the result.
struct DifferentialTiming: Codable, Sendable {
    /// Median of the per-iteration samples, seconds.
    var secondsPerIteration: Double
    /// (t(T₂) − t(T₁)) / (T₂ − T₁) of each repetition, seconds.
    var samples: [Double]
    /// T₁.
    var shortIterations: Int
    /// T₂.
    var longIterations: Int

    /// Times `run(T)` (which runs T iterations) for T₁ = `short` and T₂ = `long`, `repeats` times.
    static func measure(short: Int, long: Int, repeats: Int, run: (Int) throws -> Void) throws -> DifferentialTiming {
        try run(short)  // warm-up: page faults, BLAS buffers, caches
        var samples: [Double] = []
        for _ in 0..<max(1, repeats) {
            let t1 = try Stopwatch.time { try run(short) }.seconds
            let t2 = try Stopwatch.time { try run(long) }.seconds
            samples.append((t2 - t1) / Double(long - short))
        }
        return DifferentialTiming(secondsPerIteration: Statistics.median(samples), samples: samples,
                                  shortIterations: short, longIterations: long)
    }

    /// Fails unless `outcome` ran all `iterations` (status ok, `iterations_run` = T).
    static func requireComplete(_ outcome: Outcome, iterations: Int, workload: String) throws {
        let ran = outcome.metrics["iterations_run"].map { Int($0) }
        guard outcome.status == .ok, ran == iterations else {
            throw BenchError.incompleteRun(workload: workload, iterations: iterations,
                                           outcome: "status \(outcome.status.rawValue), iterations_run \(ran.map(String.init) ?? "absent")"
                                               + (outcome.message.map { ": " + $0 } ?? ""))
        }
    }
}

/// The seeds every benchmark run uses (one instance, one initialization).
let benchSeeds = RunSeeds(instance: 20_261_123, algorithm: 7)

/// Record only iteration 0 and the last one: the series cost nothing per iteration.
let sparseRecording = RecordPolicy(every: 1 << 40)
