import ExperimentKit
import NumericsCore

/// The algorithm a run uses.
public enum TransportAlgorithm: String, Sendable, CaseIterable {
    /// Sinkhorn's matrix scaling for the whole budget.
    case sinkhorn
    /// Sinkhorn–Newton–Sparse: N₁ Sinkhorn iterations, then sparse Newton steps.
    case sns
}

/// Entropic optimal transport by Sinkhorn's algorithm and by Sinkhorn–Newton–Sparse (Tang et
/// al., "Accelerating Sinkhorn Algorithm with Sparse Newton Iterations", ICLR 2024, arXiv
/// 2401.12253): both maximize the Lyapunov potential f (`LyapunovPotential`); Sinkhorn by
/// alternating exact maximization (`SinkhornScaling`), SNS by N₁ such iterations and then Newton
/// steps with a sparsified Hessian (`NewtonStage`, Algorithm 1 of the paper). A run draws its
/// instance from the instance seed (or takes the files' problem) and iterates until the marginal
/// error is below `tolerance` or the budget ends.
public struct SinkhornNewton: Experiment {
    /// Sinkhorn or SNS.
    public let algorithm: TransportAlgorithm
    /// η.
    public let eta: Double
    /// The instance family.
    public let family: InstanceFamily
    /// The drawn family's shape.
    public let shape: InstanceShape
    /// The problem of `family: file`, read from the files' matrices; nil for the drawn families.
    public let fileProblem: TransportProblem?
    /// Iteration budget (Sinkhorn iterations plus Newton steps).
    public let iterations: Int
    /// Marginal error at which a run stops.
    public let tolerance: Double
    /// N₁.
    public let warmStartIterations: Int
    /// ρ and the conjugate-gradient settings.
    let newton: NewtonSettings

    /// Reads the resolved parameters of `SinkhornNewton.schema`.
    public init(parameters q: ParameterSet) throws(ParameterError) {
        algorithm = try q.choice("algorithm", as: TransportAlgorithm.self)
        eta = try q.double("eta")
        family = try q.choice("family", as: InstanceFamily.self)
        let n = try q.int("n"), target = try q.int("n_target")
        shape = InstanceShape(sourceCount: n, targetCount: target == 0 ? n : target,
                              layout: try q.choice("points", as: PointLayout.self), components: try q.int("components"),
                              groundCost: try q.choice("cost", as: GroundCost.self),
                              marginals: try q.choice("marginals", as: MarginalKind.self))
        fileProblem = family == .file
            ? try TransportProblem(costFile: q.matrix("cost_file"), sourceFile: q.matrix("source_file"),
                                   targetFile: q.matrix("target_file"))
            : nil
        iterations = try q.int("iterations")
        tolerance = try q.double("tolerance")
        warmStartIterations = try q.int("warm_start_iterations")
        newton = NewtonSettings(keptFraction: try q.double("kept_fraction"),
                                conjugateGradientTolerance: try q.double("cg_tolerance"),
                                conjugateGradientIterations: try q.int("cg_iterations"),
                                warmStart: try q.string("cg_start") == "warm",
                                jacobi: try q.string("cg_preconditioner") == "jacobi")
    }

    /// The run's problem: the files' problem, or the family drawn from `seed` (the instance seed).
    public func instance(seed: UInt64) throws(ParameterError) -> TransportProblem {
        if let fileProblem { return fileProblem }
        var generator = Xoshiro256StarStar(seed: seed)
        guard let problem = family.draw(shape, using: &generator) else {
            throw ParameterError(key: "cost_file", message: "family: file needs `cost_file`, a .csv or .npy cost matrix")
        }
        return problem
    }

    /// Draws the instance from `seeds.instance` and runs the algorithm from x = y = 0. The
    /// algorithm uses no randomness. A marginal error that becomes NaN or infinite ends the
    /// run as diverged.
    public func run(seeds: RunSeeds, record: RecordPolicy) throws -> Outcome {
        let problem = try instance(seed: seeds.instance)
        var trace = ConvergenceTrace(policy: record, iterations: iterations)
        var sinkhorn = SinkhornScaling(problem: problem, eta: eta)
        var mark = trace.now
        var error = try sinkhorn.start()
        trace.charge(since: mark)
        trace.observe(step: 0, error: error) { (sinkhorn.transportCost, sinkhorn.potential) }

        var step = 0, sinkhornSeconds = 0.0
        let sinkhornBudget = algorithm == .sinkhorn ? iterations : min(warmStartIterations, iterations)
        while step < sinkhornBudget, error >= tolerance, error.isFinite {
            mark = trace.now
            error = try sinkhorn.iterate()
            sinkhornSeconds += trace.charge(since: mark)
            step += 1
            trace.observe(step: step, error: error) { (sinkhorn.transportCost, sinkhorn.potential) }
        }
        var metrics: [String: Double] = ["sinkhorn_iterations": Double(step)]
        if step > 0 { metrics["sinkhorn_iteration_seconds"] = sinkhornSeconds / Double(step) }

        var final: (transportCost: Double, potential: Double)
        if algorithm == .sns, step < iterations, error >= tolerance, error.isFinite {
            mark = trace.now
            let (x, y) = sinkhorn.potentials()
            var stage = NewtonStage(problem: problem, eta: eta, settings: newton, plan: sinkhorn.takePlan(), x: x, y: y)
            trace.charge(since: mark)
            var newtonSeconds = 0.0, attempts = 0, stalled = false
            while step < iterations, error >= tolerance, error.isFinite {
                mark = trace.now
                let moved = stage.iterate()
                newtonSeconds += trace.charge(since: mark)
                attempts += 1
                if !moved {
                    stalled = true
                    break
                }
                step += 1
                error = stage.marginalError
                trace.observe(step: step, error: error) { (stage.transportCost, stage.potential) }
            }
            metrics["newton_iterations"] = Double(stage.steps)
            metrics["cg_iterations"] = Double(stage.conjugateGradientIterations)
            metrics["kept_entries"] = Double(stage.hessian.keptCount)
            metrics["sparsification_error_first"] = stage.firstSparsificationError
            metrics["sparsification_error_last"] = stage.hessian.relativeError
            if stage.steps > 0 { metrics["last_step_length"] = stage.lastStepLength }
            metrics["line_search_failed"] = stalled ? 1 : 0
            metrics["newton_iteration_seconds"] = newtonSeconds / Double(attempts)
            final = (stage.transportCost, stage.potential)
            trace.observe(step: step, error: error, force: true) { final }
        } else {
            final = (sinkhorn.transportCost, sinkhorn.potential)
            trace.observe(step: step, error: error, force: true) { final }
        }
        if algorithm == .sns, metrics["newton_iterations"] == nil { metrics["newton_iterations"] = 0 }
        metrics["final_marginal_error"] = error
        metrics["transport_cost"] = final.transportCost
        metrics["potential"] = final.potential
        metrics["iterations"] = Double(step)
        metrics["total_seconds"] = trace.elapsedSeconds
        for (name, value) in trace.hittingMetrics { metrics[name] = value }
        let diverged = !error.isFinite
        return Outcome(status: diverged ? .diverged : .ok,
                       message: diverged ? "the marginal error is \(error) after iteration \(step)" : nil,
                       metrics: metrics, series: trace.recorder.series)
    }
}
