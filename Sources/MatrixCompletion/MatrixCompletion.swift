import ExperimentKit
import Foundation
import NumericsCore
import Sensing

/// Low-rank matrix completion by alternating minimization (Gu, Song, Yin, Zhang, "Low Rank
/// Matrix Completion via Robust Alternating Minimization in Nearly Linear Time", ICLR 2024,
/// arXiv 2302.11068; the exact form is Jain, Netrapalli and Sanghavi's, STOC 2013):
///
///     U₀ ← the trimmed top-k subspace of P_Ω(M)/q            (`SpectralInitialization`)
///     for t = 1…T:
///         V ← argmin_V ‖P_Ω(UVᵀ − M)‖_F²,   V ← QR(V), U ← U·Rᵀ
///         U ← argmin_U ‖P_Ω(UVᵀ − M)‖_F²,   U ← QR(U), V ← V·Rᵀ
///
/// Each argmin splits into one k-variable least-squares problem per row of the factor
/// (`HalfStep`), solved exactly (normal equations), approximately (conjugate gradient or
/// sketch-preconditioned conjugate gradient to relative accuracy ε: the paper's nearly linear
/// time update), and optionally perturbed by a relative error δ (`UpdateError`: the robustness
/// the paper's analysis is about). The QR steps keep the product and make the warm starts of
/// the next half-step the current factor (`FactorBasis`).
public struct MatrixCompletion: Experiment {
    /// The planted family's shape, or nil for the file family.
    public let planted: PlantedCompletion?
    /// The file family's problem, or nil.
    public let fileProblem: CompletionProblem?
    /// k.
    public let rank: Int
    /// The solver, ε, its iteration cap, s/k and δ.
    public let settings: UpdateSettings
    public let initialization: Initialization
    public let initIterations: Int
    public let trim: Double
    /// T.
    public let iterations: Int
    public let stopBelow: Double
    public let blowup: Double

    /// Reads the resolved parameters of `MatrixCompletion.schema`.
    public init(parameters p: ParameterSet) throws(ParameterError) {
        let m = try p.int("m"), n = try p.int("n")
        rank = try p.int("rank")
        if try p.string("family") == "file" {
            guard let entries = try p.matrix("entries_file") else {
                throw ParameterError(key: "entries_file", message: "family: file needs `entries_file`")
            }
            fileProblem = try EntriesFile.problem(entries: entries, truth: p.matrix("truth_file"), rows: m, columns: n,
                                                  rank: rank, indexBase: p.int("index_base"))
            planted = nil
        } else {
            fileProblem = nil
            planted = PlantedCompletion(rows: m, columns: n, rank: rank,
                                        conditionNumber: try p.double("condition_number"),
                                        oversampling: try p.double("oversampling"),
                                        sampling: try p.choice("sampling", as: Sampling.self),
                                        noise: try p.double("noise"))
        }
        settings = UpdateSettings(solver: try p.choice("solver", as: UpdateSolver.self),
                                  tolerance: try p.double("solve_tolerance"), maxIterations: try p.int("solve_iterations"),
                                  relativeToStart: try p.string("solve_relative_to") == "start",
                                  sketchFactor: try p.int("sketch_factor"), updateError: try p.double("update_error"))
        initialization = try p.choice("init", as: Initialization.self)
        initIterations = try p.int("init_iterations")
        trim = try p.double("trim")
        iterations = try p.int("iterations")
        stopBelow = try p.double("stop_below")
        blowup = try p.double("blowup")
    }

    /// The run's problem: the file's, or the planted family drawn from `seed` (the instance seed).
    public func instance(seed: UInt64) throws -> CompletionProblem {
        if let fileProblem { return fileProblem }
        guard let planted else { throw ParameterError(key: "family", message: "no problem to draw") }
        var generator = Xoshiro256StarStar(seed: seed)
        return try planted.draw(using: &generator)
    }

    /// Draws the instance from `seeds.instance` and runs alternating minimization; the
    /// initialization draws from `seeds.algorithm`, the sketches and update errors from its
    /// streams "sketch" and "update-error". A tracked error that is not finite or above `blowup`
    /// ends the run as diverged.
    public func run(seeds: RunSeeds, record: RecordPolicy) throws -> Outcome {
        try run(on: instance(seed: seeds.instance), seeds: seeds, record: record)
    }

    /// The run on a given problem.
    public func run(on problem: CompletionProblem, seeds: RunSeeds, record: RecordPolicy) throws -> Outcome {
        let observed = problem.observed, k = rank
        let m = observed.rowCount, n = observed.columnCount
        let truthKnown: Bool, factorsKnown: Bool
        switch problem.truth {
        case .planted: (truthKnown, factorsKnown) = (true, true)
        case .dense: (truthKnown, factorsKnown) = (true, false)
        case .unknown: (truthKnown, factorsKnown) = (false, false)
        }
        var trace = CompletionTrace(policy: record, iterations: iterations, truthKnown: truthKnown,
                                    factorsKnown: factorsKnown)
        var measure = RecoveryMeasure(truth: problem.truth, rank: k, rows: m, columns: n)
        var generator = Xoshiro256StarStar(seed: seeds.algorithm)

        var mark = trace.now
        let start = try SpectralInitialization.factors(observed, rank: k, method: initialization,
                                                       iterations: initIterations, trim: trim, using: &generator)
        var iteration = try AlternatingMinimization(observed: observed, u: start.u, v: start.v, settings: settings,
                                                    seeds: seeds)
        trace.charge(since: mark)
        let initSeconds = trace.elapsedSeconds

        var (error, distance) = try observe(step: 0, factors: iteration, measure: &measure, trace: &trace)
        let initialError = error, initialDistance = distance
        var t = 0, diverged: String?
        while t < iterations, error >= stopBelow {
            mark = trace.now
            let finite = try iteration.iterate()
            trace.charge(since: mark)
            t += 1
            if !finite {
                diverged = "an updated factor has an entry that is not finite at iteration \(t)"
                break
            }
            (error, distance) = try observe(step: t, factors: iteration, measure: &measure, trace: &trace)
            if !error.isFinite || error > blowup {
                diverged = "the tracked error \(error) exceeded the blow-up bound \(blowup) at iteration \(t)"
                break
            }
        }
        // Every series ends where the run did.
        if diverged == nil, trace.lastRecorded != t {
            (error, distance) = try observe(step: t, factors: iteration, measure: &measure, trace: &trace,
                                            repeated: true)
        }

        var metrics = trace.hittingMetrics(exponents: [4, 8])
        let curve = ErrorCurve(errors: trace.errors)
        if let rate = curve.linearRate(floor: 1e-12) {
            metrics["linear_rate"] = rate
            metrics["error_ratio"] = exp(-rate)
        }
        if truthKnown {
            metrics["final_error"] = error
            metrics["initial_error"] = initialError
            metrics["success"] = error < 1e-6 ? 1 : 0
        }
        if let distance, let initialDistance {
            metrics["final_subspace_distance"] = distance
            metrics["initial_subspace_distance"] = initialDistance
        }
        metrics["final_observed_residual"] = RecoveryMeasure.observedResidual(u: iteration.u, v: iteration.v,
                                                                                  observed: observed)
        metrics["iterations"] = Double(t)
        metrics["observed_entries"] = Double(observed.count)
        metrics["sample_rate"] = observed.sampleRate
        let big = Double(max(m, n))
        metrics["samples_per_nk_log_n"] = Double(observed.count) / (big * Double(k) * log(max(big, 2)))
        if settings.solver != .exact, iteration.counts.solves > 0 {
            metrics["cg_iterations_per_solve"] = Double(iteration.counts.conjugateGradientIterations)
                / Double(iteration.counts.solves)
        }
        metrics["deficient_rows"] = Double(iteration.counts.deficient)
        metrics["init_seconds"] = initSeconds
        metrics["total_seconds"] = trace.elapsedSeconds
        if t > 0 {
            let perIteration = (trace.elapsedSeconds - initSeconds) / Double(t)
            metrics["iteration_seconds"] = perIteration
            metrics["entry_seconds"] = perIteration / Double(max(1, observed.count))
        }
        return Outcome(status: diverged == nil ? .ok : .diverged, message: diverged, metrics: metrics,
                       series: trace.recorder.series)
    }

    /// Measures the iterate after iteration `step`: the tracked error (relative error, or the
    /// observed residual when the truth is unknown) every step; the subspace distance and the
    /// observed residual when the policy records the step. `repeated`: the step was observed
    /// already and is recorded now because the run ended there.
    private func observe(step: Int, factors: AlternatingMinimization, measure: inout RecoveryMeasure,
                         trace: inout CompletionTrace, repeated: Bool = false) throws -> (error: Double, distance: Double?) {
        let u = factors.u, v = factors.v, observed = factors.observed
        let relative = try measure.relativeError(u: u, v: v)
        let recorded = repeated || trace.wants(step)
        let residual = recorded || relative == nil ? RecoveryMeasure.observedResidual(u: u, v: v, observed: observed) : nil
        let distance = recorded ? try measure.subspaceDistance(u: u) : nil
        let error = relative ?? residual ?? .nan
        trace.observe(step: step, error: error, subspaceDistance: distance, observedResidual: recorded ? residual : nil,
                      repeated: repeated)
        return (error, distance)
    }
}
