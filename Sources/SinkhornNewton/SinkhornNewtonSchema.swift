import ExperimentKit

extension SinkhornNewton {
    /// The model's published schema: parameters (with the paper's symbols), metrics, series.
    public static let schema = ModelSchema(
        name: "sinkhorn-newton",
        version: 1,
        summary: "Entropic optimal transport by Sinkhorn's algorithm and by Sinkhorn–Newton–Sparse: Sinkhorn warm start, "
            + "then Newton steps on the Lyapunov potential with a sparsified Hessian, conjugate gradient and a line search "
            + "(Tang et al., Accelerating Sinkhorn Algorithm with Sparse Newton Iterations, ICLR 2024, arXiv 2401.12253).",
        parameters: [
            ParameterSpec("algorithm", kind: .choice(TransportAlgorithm.allCases.map(\.rawValue)), default: .string("sns"),
                          instance: false, summary: "sinkhorn (matrix scaling only) or sns (N₁ Sinkhorn steps, then "
                            + "sparse Newton steps)"),
            ParameterSpec("eta", symbol: "η", kind: .real(min: 0, max: nil, lowerOpen: true), default: .double(1000),
                          instance: false, summary: "inverse regularization: Pᵢⱼ = exp(η(−Cᵢⱼ + xᵢ + yⱼ) − 1) "
                            + "(POT's reg = 1/η); drawn costs have max C = 1"),
            ParameterSpec("family", kind: .choice(InstanceFamily.allCases.map(\.rawValue)), default: .string("point-cloud"),
                          instance: true, summary: "point-cloud, densities (1-D Gaussian mixtures on a grid), images "
                            + "(28×28 blob images, ℓ1 pixel cost, n = 784) or file (cost_file, source_file, target_file)"),
            ParameterSpec("n", symbol: "n", kind: .integer(min: 2, max: 4000), default: .int(500), instance: true,
                          summary: "source points (point-cloud) or grid points (densities)"),
            ParameterSpec("n_target", symbol: "n'", kind: .integer(min: 0, max: 4000), default: .int(0), instance: true,
                          summary: "point-cloud: target points (0: n' = n)"),
            ParameterSpec("points", kind: .choice(PointLayout.allCases.map(\.rawValue)), default: .string("uniform"),
                          instance: true, summary: "point-cloud: uniform on [0, 1]² or a Gaussian mixture (σ = 0.08)"),
            ParameterSpec("components", kind: .integer(min: 1, max: 50), default: .int(3), instance: true,
                          summary: "Gaussians per mixture (point-cloud mixture, densities) or blobs per image (images)"),
            ParameterSpec("cost", kind: .choice(GroundCost.allCases.map(\.rawValue)), default: .string("w2"),
                          instance: true, summary: "point-cloud, densities: w2 (squared distance) or w1 (distance), "
                            + "scaled to max C = 1"),
            ParameterSpec("marginals", kind: .choice(MarginalKind.allCases.map(\.rawValue)), default: .string("uniform"),
                          instance: true, summary: "point-cloud: uniform, or random (∝ 0.5 + U[0, 1))"),
            // The defaults are never read (they name no file); their text is part of the
            // canonical parameters of the drawn families.
            ParameterSpec("cost_file", kind: .matrixFile, default: .string("cost.npy"), instance: true,
                          summary: "family: file only (and required then): the n × n' cost matrix, finite, used as given "
                            + "(.csv or .npy; read when the spec is loaded, the run key holds its content hash)"),
            ParameterSpec("source_file", kind: .matrixFile, default: .string("source.npy"), instance: true,
                          summary: "family: file only: r as n × 1 or 1 × n, positive and finite (divided by its total)"),
            ParameterSpec("target_file", kind: .matrixFile, default: .string("target.npy"), instance: true,
                          summary: "family: file only: c as n' × 1 or 1 × n', positive and finite, with the total of r "
                            + "within a relative 1e-9 (divided by its total)"),
            ParameterSpec("iterations", kind: .integer(min: 1, max: 10_000_000), default: .int(1000), instance: false,
                          summary: "iteration budget: Sinkhorn iterations plus Newton steps"),
            ParameterSpec("tolerance", kind: .real(min: 0, max: nil, lowerOpen: true), default: .double(1e-12),
                          instance: false, summary: "stop when ‖P1 − r‖₁ + ‖Pᵀ1 − c‖₁ is below this"),
            ParameterSpec("warm_start_iterations", symbol: "N₁", kind: .integer(min: 0, max: 10_000_000), default: .int(20),
                          instance: false, summary: "sns: Sinkhorn iterations before the Newton stage"),
            ParameterSpec("kept_fraction", symbol: "ρ", kind: .real(min: 0, max: 1, lowerOpen: true), default: .double(0.05),
                          instance: false, summary: "sns: fraction of the n·n' entries of P the sparsified Hessian keeps "
                            + "(the largest)"),
            ParameterSpec("cg_tolerance", kind: .real(min: 0, max: 1, lowerOpen: true, upperOpen: true),
                          default: .double(1e-6), instance: false,
                          summary: "sns: conjugate gradient stops at relative residual ‖b − M̃s‖₂/‖b‖₂ below this"),
            ParameterSpec("cg_iterations", kind: .integer(min: 1, max: 100_000), default: .int(200), instance: false,
                          summary: "sns: conjugate-gradient iterations allowed per Newton step"),
            ParameterSpec("cg_start", kind: .choice(["warm", "cold"]), default: .string("warm"), instance: false,
                          summary: "sns: start conjugate gradient from the previous Newton direction, scaled to minimize "
                            + "the quadratic model along it (warm), or from 0 (cold)"),
            ParameterSpec("cg_preconditioner", kind: .choice(["none", "jacobi"]), default: .string("none"),
                          instance: false, summary: "sns: conjugate gradient as the paper states it (none), or "
                            + "preconditioned by the inverse of the sparsified Hessian's diagonal (jacobi, ours)"),
        ],
        metrics: [
            OutputSpec("final_marginal_error", "‖P1 − r‖₁ + ‖Pᵀ1 − c‖₁ at the end"),
            OutputSpec("transport_cost", "⟨C, P⟩ at the end"),
            OutputSpec("potential", "the Lyapunov potential f(x, y) at the end"),
            OutputSpec("iterations_to_1e-6", "first iteration with marginal error below 1e-6 (+inf if never)"),
            OutputSpec("iterations_to_1e-10", "first iteration with marginal error below 1e-10 (+inf if never)"),
            OutputSpec("iterations_1e-6_to_1e-10", "iterations_to_1e-10 − iterations_to_1e-6: iterations taken to go "
                + "from 1e-6 to 1e-10 (+inf if 1e-10 is never reached)"),
            OutputSpec("last_error_ratio", "marginal error after the last iteration over the one before it (a rate "
                + "near 1 is slow linear convergence, near 0 fast)"),
            OutputSpec("iterations", "iterations run: Sinkhorn iterations plus Newton steps"),
            OutputSpec("sinkhorn_iterations", "Sinkhorn iterations run (sns: the warm start)"),
            OutputSpec("newton_iterations", "sns: Newton steps taken"),
            OutputSpec("cg_iterations", "sns: conjugate-gradient iterations over all Newton steps"),
            OutputSpec("kept_entries", "sns: entries of P kept in the sparsified Hessian (⌈ρ·n·n'⌉)"),
            OutputSpec("sparsification_error_first", "sns: ‖∇²f − H̃‖_F/‖∇²f‖_F of the sparsified Hessian H̃ at the first "
                + "Newton step"),
            OutputSpec("sparsification_error_last", "sns: the same at the last Newton step"),
            OutputSpec("last_step_length", "sns: the line search's α at the last Newton step"),
            OutputSpec("line_search_failed", "sns: 1 when the run stopped because no step length down to 2⁻³⁹ met the "
                + "Armijo condition, else 0"),
            OutputSpec("time_to_1e-6_seconds", "algorithm time until the marginal error fell below 1e-6 (+inf if never)"),
            OutputSpec("time_to_1e-10_seconds", "algorithm time until the marginal error fell below 1e-10 (+inf if never)"),
            OutputSpec("sinkhorn_iteration_seconds", "mean time per Sinkhorn iteration"),
            OutputSpec("newton_iteration_seconds", "sns: mean time per Newton step (sparsification, conjugate gradient, "
                + "line search)"),
            OutputSpec("total_seconds", "algorithm time of the run (instance setup and recording excluded)"),
        ],
        series: [
            OutputSpec("marginal_error", "‖P1 − r‖₁ + ‖Pᵀ1 − c‖₁ after each iteration (step 0: x = y = 0)"),
            OutputSpec("transport_cost", "⟨C, P⟩ after each iteration"),
            OutputSpec("potential", "f(x, y) after each iteration"),
            OutputSpec("elapsed_seconds", "algorithm time since the start, at the same steps"),
        ],
        codeFingerprint: codeFingerprint,
        crossCheck: { (p: ParameterSet) throws(ParameterError) in
            if try p.string("family") == InstanceFamily.file.rawValue {
                _ = try TransportProblem(costFile: p.matrix("cost_file"), sourceFile: p.matrix("source_file"),
                                         targetFile: p.matrix("target_file"))
            }
        })
}
