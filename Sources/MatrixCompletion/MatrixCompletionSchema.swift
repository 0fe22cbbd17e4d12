import ExperimentKit

extension MatrixCompletion {
    /// The model's published schema: parameters (with the paper's symbols), metrics, series.
    public static let schema = ModelSchema(
        name: "matrix-completion",
        version: 1,
        summary: "Low-rank matrix completion by alternating minimization with exact, conjugate-gradient or "
            + "sketch-preconditioned updates, and updates with a controlled error (Gu, Song, Yin, Zhang, Low Rank Matrix "
            + "Completion via Robust Alternating Minimization in Nearly Linear Time, ICLR 2024, arXiv 2302.11068).",
        parameters: [
            ParameterSpec("family", kind: .choice(["planted", "file"]), default: .string("planted"), instance: true,
                          summary: "planted (M = U·diag(σ)·Vᵀ, orthonormal U and V from Gaussian matrices, Ω drawn) or "
                            + "file (entries_file, optionally truth_file)"),
            ParameterSpec("m", symbol: "m", kind: .integer(min: 1, max: 10_000_000), default: .int(1000), instance: true,
                          summary: "rows of M"),
            ParameterSpec("n", symbol: "n", kind: .integer(min: 1, max: 10_000_000), default: .int(1000), instance: true,
                          summary: "columns of M"),
            ParameterSpec("rank", symbol: "k", kind: .integer(min: 1, max: 1000), default: .int(5), instance: true,
                          summary: "rank of the planted M, and of the factors U (m×k) and V (n×k)"),
            ParameterSpec("condition_number", symbol: "κ", kind: .real(min: 1, max: 1e8), default: .double(1),
                          instance: true, summary: "planted: σ₁/σ_k, with σ from 1 down to 1/κ evenly in log scale"),
            ParameterSpec("oversampling", symbol: "c", kind: .real(min: 0, max: nil, lowerOpen: true), default: .double(4),
                          instance: true, summary: "planted: |Ω| = c·N·k·ln N in expectation, N = max(m, n) (at most m·n)"),
            ParameterSpec("sampling", kind: .choice(Sampling.allCases.map(\.rawValue)), default: .string("bernoulli"),
                          instance: true, summary: "planted: each entry with probability q = |Ω|/(mn) (bernoulli), or "
                            + "exactly |Ω| entries uniformly (fixed)"),
            ParameterSpec("noise", symbol: "ν", kind: .real(min: 0, max: nil), default: .double(0), instance: true,
                          summary: "planted: Gaussian noise on the observed entries, standard deviation ν·‖M‖_F/√(mn)"),
            // An empty default names no file: no file is read unless the spec gives one.
            ParameterSpec("entries_file", kind: .matrixFile, default: .string(""), instance: true,
                          summary: "family: file only (and required then): rows `i, j, value` of the observed entries "
                            + "(.csv or .npy, N×3), indices from index_base"),
            ParameterSpec("truth_file", kind: .matrixFile, default: .string(""), instance: true,
                          summary: "family: file, optional: the full m×n matrix, to measure the relative error against"),
            ParameterSpec("index_base", kind: .integer(min: 0, max: 1), default: .int(0), instance: true,
                          summary: "family: file: the first row and column index, 0 or 1"),
            ParameterSpec("solver", kind: .choice(UpdateSolver.allCases.map(\.rawValue)), default: .string("exact"),
                          instance: false, summary: "each row's least squares: exact (normal equations, Cholesky), cg "
                            + "(conjugate gradient, warm-started) or sketched (CountSketch-preconditioned cg)"),
            ParameterSpec("solve_tolerance", symbol: "ε", kind: .real(min: 0, max: 1, lowerOpen: true, upperOpen: true),
                          default: .double(1e-10), instance: false,
                          summary: "cg, sketched: stop at ‖b − Gx‖₂ ≤ ε‖b‖₂ (G, b of the row's normal equations)"),
            ParameterSpec("solve_relative_to", kind: .choice(["rhs", "start"]), default: .string("rhs"),
                          instance: false, summary: "cg, sketched: ε relative to ‖b‖ (rhs: a fixed accuracy, the final "
                            + "error is about ε) or to the warm start's residual ‖b − Gx₀‖ (start: an update error of "
                            + "about ε times the step)"),
            ParameterSpec("solve_iterations", kind: .integer(min: 1, max: 100_000), default: .int(100), instance: false,
                          summary: "cg, sketched: conjugate-gradient iterations allowed per row"),
            ParameterSpec("sketch_factor", kind: .integer(min: 1, max: 1000), default: .int(4), instance: false,
                          summary: "sketched: CountSketch rows s = sketch_factor·k"),
            ParameterSpec("update_error", symbol: "δ", kind: .real(min: 0, max: nil), default: .double(0),
                          instance: false, summary: "each updated row x* becomes x* + δ·‖x* − x₀‖·g/‖g‖ (x₀ the row "
                            + "before the update, g Gaussian): an update error relative to the step"),
            ParameterSpec("init", kind: .choice(Initialization.allCases.map(\.rawValue)), default: .string("spectral"),
                          instance: false, summary: "spectral (top-k subspace of P_Ω(M)/q, trimmed) or random"),
            ParameterSpec("init_iterations", kind: .integer(min: 0, max: 10_000), default: .int(30), instance: false,
                          summary: "spectral: subspace-iteration steps"),
            ParameterSpec("trim", kind: .real(min: 0, max: nil), default: .double(2), instance: false,
                          summary: "spectral: rows of U₀ longer than trim·√(k/m) are scaled down to it (0: no trimming)"),
            ParameterSpec("iterations", symbol: "T", kind: .integer(min: 0, max: 1_000_000), default: .int(50),
                          instance: false, summary: "alternating-minimization iterations (a V update, then a U update)"),
            ParameterSpec("stop_below", kind: .real(min: 0, max: nil), default: .double(1e-13), instance: false,
                          summary: "stop when the relative error (no truth: the observed residual) is below this"),
            ParameterSpec("blowup", kind: .real(min: 0, max: nil, lowerOpen: true), default: .double(1e6),
                          instance: false, summary: "the run diverged when the tracked error exceeds this"),
        ],
        metrics: [
            OutputSpec("final_error", "‖UVᵀ − M‖_F/‖M‖_F at the end (truth known)"),
            OutputSpec("initial_error", "the same after the initialization"),
            OutputSpec("final_subspace_distance", "planted: ‖(I − UUᵀ)U*‖₂ at the end (sine of the largest principal angle)"),
            OutputSpec("initial_subspace_distance", "planted: the same after the initialization"),
            OutputSpec("final_observed_residual", "‖P_Ω(UVᵀ − M)‖_F/‖P_Ω(M)‖_F at the end"),
            OutputSpec("success", "1 when final_error < 1e-6, else 0 (truth known)"),
            OutputSpec("iterations_to_1e-4", "first iteration with tracked error below 1e-4 (+inf if never)"),
            OutputSpec("iterations_to_1e-8", "first iteration with tracked error below 1e-8 (+inf if never)"),
            OutputSpec("linear_rate", "ρ in error ≈ C·e^{−ρt}: −slope of ln error against t over the second half of "
                + "the iterations before the error falls below 1e-12"),
            OutputSpec("error_ratio", "e^{−ρ}: the error's factor per iteration"),
            OutputSpec("iterations", "iterations run"),
            OutputSpec("observed_entries", "|Ω|"),
            OutputSpec("sample_rate", "|Ω|/(mn)"),
            OutputSpec("samples_per_nk_log_n", "|Ω|/(N·k·ln N), N = max(m, n): the realized oversampling"),
            OutputSpec("cg_iterations_per_solve", "cg, sketched: mean conjugate-gradient iterations per row solve"),
            OutputSpec("deficient_rows", "row solves whose normal equations were not positive definite"),
            OutputSpec("time_to_1e-8_seconds", "algorithm time until the tracked error fell below 1e-8 (+inf if never)"),
            OutputSpec("iteration_seconds", "mean time per iteration (both updates and their orthonormalizations)"),
            OutputSpec("entry_seconds", "iteration_seconds/|Ω|: time per iteration and observed entry"),
            OutputSpec("init_seconds", "time of the initialization"),
            OutputSpec("total_seconds", "algorithm time of the run (instance setup and measurements excluded)"),
        ],
        series: [
            OutputSpec("error", "‖UVᵀ − M‖_F/‖M‖_F after each iteration (step 0: the initialization; truth known)"),
            OutputSpec("subspace_distance", "planted: ‖(I − UUᵀ)U*‖₂ after each iteration"),
            OutputSpec("observed_residual", "‖P_Ω(UVᵀ − M)‖_F/‖P_Ω(M)‖_F after each iteration"),
            OutputSpec("elapsed_seconds", "algorithm time since the start, at the same steps"),
        ],
        codeFingerprint: codeFingerprint,
        crossCheck: { (p: ParameterSet) throws(ParameterError) in
            let m = try p.int("m"), n = try p.int("n"), k = try p.int("rank")
            guard k <= min(m, n) else {
                throw ParameterError(key: "rank", message: "k = \(k) exceeds min(m, n) = \(min(m, n))")
            }
            if try p.string("family") == "file" {
                guard let entries = try p.matrix("entries_file") else {
                    throw ParameterError(key: "entries_file", message: "family: file needs `entries_file`, rows `i, j, "
                        + "value` in a .csv or .npy file")
                }
                _ = try EntriesFile.problem(entries: entries, truth: p.matrix("truth_file"), rows: m, columns: n, rank: k,
                                            indexBase: p.int("index_base"))
            } else {
                guard Double(m) * Double(n) <= 4e12 else {
                    throw ParameterError(key: "m", message: "m·n = \(Double(m) * Double(n)) is beyond the 4e12 positions "
                        + "Ω is drawn from")
                }
                let expected = PlantedCompletion(rows: m, columns: n, rank: k, conditionNumber: 1,
                                                 oversampling: try p.double("oversampling"), sampling: .bernoulli,
                                                 noise: 0).expectedSamples
                guard expected <= 5e7 else {
                    throw ParameterError(key: "oversampling", message: "|Ω| = \(Int(expected)) entries expected; at most "
                        + "5e7 are stored (12 bytes each, twice)")
                }
            }
        })
}
