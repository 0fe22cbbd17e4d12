import ExperimentKit
import NumericsCore

extension SensitivitySampling {
    /// The model's published schema: parameters (with the paper's symbols), metrics, series.
    public static let schema = ModelSchema(
        name: "sensitivity-sampling",
        version: 1,
        summary: "Exact ℓp sensitivities, Lewis weights and importance sampling of rows, with the distortion of the "
            + "sampled subspace embedding (Woodruff & Yasuda, Sharper Bounds for ℓp Sensitivity Sampling, ICML 2023, "
            + "arXiv 2306.00732; the experiments are this project's design).",
        parameters: [
            ParameterSpec("matrix", kind: .choice(MatrixFamily.allCases.map(\.rawValue)), default: .string("gaussian"),
                          instance: true, summary: "matrix family: gaussian, heavy-tailed, block-spiky, polynomial, "
                            + "low-rank-plus-sparse, or file (a .csv or .npy file given by `path`)"),
            ParameterSpec("n", symbol: "n", kind: .integer(min: 1, max: 200_000), default: .int(1000), instance: true,
                          summary: "rows of A (ignored for matrix: file)"),
            ParameterSpec("d", symbol: "d", kind: .integer(min: 1, max: 200), default: .int(10), instance: true,
                          summary: "columns of A (ignored for matrix: file)"),
            // The default is never read (it names no file); its text is part of the canonical
            // parameters, so the run keys and seeds of every drawn family depend on it.
            ParameterSpec("path", kind: .matrixFile, default: .string("matrix.npy"), instance: true,
                          summary: "matrix: file only (and required then): a .csv (one row per line, comma-separated, optional header) or a "
                            + ".npy (float64, C or Fortran order) file, at least as many rows as columns; a relative path "
                            + "is resolved against the working directory of `repro`. Read when the spec is loaded: the run "
                            + "key holds the file's content hash, so editing the file makes new runs and moving it does not"),
            ParameterSpec("tail_dof", symbol: "ν", kind: .real(min: 0, max: nil, lowerOpen: true), default: .double(2),
                          instance: true, summary: "heavy-tailed: degrees of freedom of the Student-t row scales"),
            ParameterSpec("spikes", symbol: "k", kind: .integer(min: 0, max: 200), default: .int(4), instance: true,
                          summary: "block-spiky: number of identity-like coordinates (k < d)"),
            ParameterSpec("spike_rows", symbol: "b", kind: .integer(min: 1, max: 100_000), default: .int(1), instance: true,
                          summary: "block-spiky: rows carrying each identity-like coordinate (each has σ ≈ 1/b)"),
            ParameterSpec("low_rank", symbol: "r", kind: .integer(min: 1, max: 200), default: .int(2), instance: true,
                          summary: "low-rank-plus-sparse: rank of the low-rank part"),
            ParameterSpec("sparse_fraction", kind: .real(min: 0, max: 1), default: .double(0.01), instance: true,
                          summary: "low-rank-plus-sparse: probability that an entry of the sparse part is nonzero"),
            ParameterSpec("sparse_scale", kind: .real(min: 0, max: nil), default: .double(10), instance: true,
                          summary: "low-rank-plus-sparse: standard deviation of the sparse nonzeros"),
            ParameterSpec("p", symbol: "p", kind: .real(min: 1, max: 8), default: .double(1), instance: false,
                          summary: "the ℓp exponent, 1 ≤ p ≤ 8"),
            ParameterSpec("scores", kind: .choice(ScoreKind.allCases.map(\.rawValue)), default: .string("sensitivity"),
                          instance: false, summary: "sampling scores: sensitivity, lewis (p < 4), leverage, root-leverage, "
                            + "uniform, leverage+sensitivity (σᵢ/𝔖 + τᵢ/d)"),
            ParameterSpec("rounds", kind: .integer(min: 1, max: 100), default: .int(1), instance: false,
                          summary: "root-leverage: Lewis fixed-point steps from w = 1 (1 step = τᵢ^{p/2})"),
            ParameterSpec("samples", symbol: "m", kind: .real(min: 1, max: nil), default: .double(200), instance: false,
                          summary: "target expected sample size Σ qᵢ (α found by bisection)"),
            ParameterSpec("trials", kind: .integer(min: 0, max: 10_000), default: .int(30), instance: false,
                          summary: "independent samples S drawn per run (0 = scores and bounds only)"),
            ParameterSpec("directions", kind: .integer(min: 0, max: 100_000), default: .int(32), instance: false,
                          summary: "distortion estimator: random Gaussian candidate directions (besides the qᵢ and the "
                            + "per-row maximizers)"),
            ParameterSpec("ascent_starts", kind: .integer(min: 0, max: 1000), default: .int(3), instance: false,
                          summary: "distortion estimator: extreme candidates refined by local ascent, on each side"),
            ParameterSpec("ascent_steps", kind: .integer(min: 0, max: 100_000), default: .int(60), instance: false,
                          summary: "distortion estimator: ratio evaluations per local ascent"),
            ParameterSpec("tolerance", kind: .real(min: 0, max: 1e-2, lowerOpen: true), default: .double(1e-8),
                          instance: false, summary: "relative duality gap (P − D)/P at which a sensitivity solve stops"),
            ParameterSpec("lewis_tolerance", kind: .real(min: 0, max: 1e-2, lowerOpen: true), default: .double(1e-12),
                          instance: false, summary: "Lewis iteration stops when max |w_new/w − 1| ≤ this"),
            ParameterSpec("bound_slack", kind: .real(min: 0, max: 1), default: .double(1e-6), instance: false,
                          summary: "a bound σᵢ ≤ bᵢ counts as violated only when σᵢ > bᵢ(1 + slack)"),
            ParameterSpec("regression", kind: .flag, default: .bool(true), instance: false,
                          summary: "also solve an ℓp regression on each sample and report its cost ratio"),
            ParameterSpec("row_series", kind: .flag, default: .bool(true), instance: false,
                          summary: "record per-row series sensitivity, lewis, leverage, score (step = row index)"),
            ParameterSpec("task", kind: .choice(["embedding", "sample-complexity"]), default: .string("embedding"),
                          instance: false, summary: "embedding: one matrix, `trials` samples of size m; sample-complexity: "
                            + "block-spiky matrices at each of `spike_levels`, m*(ε) on `sample_grid`, exponent of 𝔖"),
            ParameterSpec("spike_levels", kind: .reals, default: .reals([0, 4, 8, 12]), instance: true,
                          summary: "sample-complexity: the values of k (identity-like coordinates), each < d"),
            ParameterSpec("sample_grid", kind: .reals, default: .reals([50, 100, 200, 400, 800]), instance: false,
                          summary: "sample-complexity: target sizes m at which the 90th-percentile distortion is measured"),
            ParameterSpec("epsilon", symbol: "ε", kind: .real(min: 0, max: nil, lowerOpen: true), default: .double(0.5),
                          instance: false, summary: "sample-complexity: distortion target of m*(ε)"),
        ],
        metrics: [
            OutputSpec("total_sensitivity", "𝔖 = Σ σᵢ (exact sensitivities, certified within `tolerance`)"),
            OutputSpec("max_sensitivity", "max σᵢ"),
            OutputSpec("total_sensitivity_upper", "Σ of the certified upper values of σᵢ (≥ 𝔖)"),
            OutputSpec("total_sensitivity_over_bound", "certified upper 𝔖 over d (p ≤ 2) or d^{p/2} (p > 2) (≤ 1 by the paper)"),
            OutputSpec("total_sensitivity_over_lower_bound", "certified lower 𝔖 over d^{p/2} (p ≤ 2) or d (p > 2) (≥ 1, "
                + "from the Lewis fixed point)"),
            OutputSpec("violations_total_lower_bound", "1 when 𝔖(1 + slack) < d^{p/2} (p ≤ 2) or < d (p > 2), else 0"),
            OutputSpec("gaussian_formula_ratio", "𝔖 / (d^{p/2}/E|g|^p), E|g|^p = 2^{p/2}Γ((p+1)/2)/√π"),
            OutputSpec("gaussian_limit_ratio", "𝔖 / (E‖g‖^p/E|g|^p), g ~ N(0, I_d): the n → ∞ Gaussian limit at this d"),
            OutputSpec("violations_total_bound", "1 when the certified upper 𝔖 > bound·(1 + slack), else 0"),
            OutputSpec("violations_lewis_bound", "rows whose certified upper σᵢ exceeds wᵢ(1 + slack) (p ≤ 2) or "
                + "d^{p/2−1}wᵢ(1 + slack) (p > 2)"),
            OutputSpec("violations_root_leverage_bound", "p ≤ 2: rows whose certified upper σᵢ exceeds τᵢ^{p/2}(1 + slack)"),
            OutputSpec("max_lewis_bound_ratio", "max over rows of certified upper σᵢ / (Lewis bound of row i) (≤ 1)"),
            OutputSpec("max_root_leverage_bound_ratio", "p ≤ 2: max over rows of certified upper σᵢ / τᵢ^{p/2} (≤ 1)"),
            OutputSpec("violations_lewis_lower_bound", "rows with wᵢ > d^{1−p/2}σᵢ(1 + slack) (p ≤ 2) or wᵢ > σᵢ(1 + slack) "
                + "(p > 2), σᵢ the certified lower value"),
            OutputSpec("max_lewis_lower_bound_ratio", "max over rows of wᵢ / (d^{1−p/2}σᵢ) (p ≤ 2) or wᵢ/σᵢ (p > 2), "
                + "σᵢ the certified lower value (≤ 1)"),
            OutputSpec("leverage_deviation", "max |σᵢ/τᵢ − 1| over the certified lower and upper values of σᵢ "
                + "(0 up to rounding when p = 2)"),
            OutputSpec("lewis_sum", "Σ wᵢ (= d at the fixed point)"),
            OutputSpec("lewis_sum_relative_error", "|Σ wᵢ − d| / d"),
            OutputSpec("lewis_iterations", "Lewis fixed-point steps taken"),
            OutputSpec("lewis_converged", "1 when the Lewis iteration met lewis_tolerance"),
            OutputSpec("solver_iterations_mean", "Newton steps per sensitivity solve, mean over rows"),
            OutputSpec("solver_iterations_max", "Newton steps per sensitivity solve, max over rows"),
            OutputSpec("solver_max_gap", "largest certified relative duality gap over the rows"),
            OutputSpec("solver_unconverged_rows", "rows whose gap stayed above `tolerance`"),
            OutputSpec("solver_seconds", "wall time of the n sensitivity solves (runs of one process that share the "
                + "instance and p reuse one computation and report its time)"),
            OutputSpec("lewis_seconds", "wall time of the Lewis iteration"),
            OutputSpec("score_sum", "Σ scoreᵢ of the sampling scores"),
            OutputSpec("sampling_threshold", "α of qᵢ = min(1, scoreᵢ/α)"),
            OutputSpec("expected_sample_size", "Σ qᵢ"),
            OutputSpec("sample_size_mean", "mean number of kept rows over the trials"),
            OutputSpec("distortion_mean", "mean over trials of the estimated ε(S) (a lower bound per trial)"),
            OutputSpec("distortion_median", "median over trials of the estimated ε(S)"),
            OutputSpec("distortion_p90", "90th percentile over trials of the estimated ε(S)"),
            OutputSpec("distortion_max", "max over trials of the estimated ε(S)"),
            OutputSpec("distortion_exact_p90", "p = 2 only: 90th percentile of the exact ε(S) (eigenvalues)"),
            OutputSpec("estimator_shortfall_max", "p = 2 only: max over trials of exact ε(S) − estimate (≥ 0)"),
            OutputSpec("regression_ratio_median", "median over trials of cost(x̂_S)/cost(x*) of ℓp regression"),
            OutputSpec("regression_ratio_p90", "90th percentile of the regression cost ratio"),
            OutputSpec("estimate_seconds", "wall time of sampling and distortion estimation"),
            OutputSpec("sensitivity_exponent", "sample-complexity: slope of log m*(ε) against log 𝔖 over the levels"),
            OutputSpec("predicted_exponent", "sample-complexity: 2/p (p < 2) or 2 − 2/p (p ≥ 2)"),
            OutputSpec("exponent_r_squared", "sample-complexity: R² of that fit"),
            OutputSpec("exponent_levels", "sample-complexity: levels with a finite m*(ε) entering the fit"),
            OutputSpec("sample_bound_ratio_max", "sample-complexity: max over levels of m*(ε)·ε² / B, B = "
                + "min(𝔖^{2/p}, d^{1−p/2}𝔖) (p < 2) or 𝔖^{2−2/p} (p ≥ 2); +inf when a level never met ε on the grid"),
        ],
        series: [
            OutputSpec("sensitivity", "σᵢ, step = row index i (0-based)"),
            OutputSpec("sensitivity_upper", "certified upper bound on σᵢ, step = row index"),
            OutputSpec("lewis", "wᵢ (p < 4), step = row index"),
            OutputSpec("leverage", "τᵢ, step = row index"),
            OutputSpec("score", "the sampling score of row i, step = row index"),
            OutputSpec("distortion", "estimated ε(S) of each trial, step = trial index"),
            OutputSpec("m_star", "sample-complexity: m*(ε) per level, step = level index"),
            OutputSpec("level_total_sensitivity", "sample-complexity: 𝔖 per level, step = level index"),
            OutputSpec("level_sample_bound_ratio", "sample-complexity: m*(ε)·ε² / B per level, step = level index"),
        ],
        codeFingerprint: codeFingerprint,
        crossCheck: { (p: ParameterSet) throws(ParameterError) in
            let family = try p.string("matrix")
            let exponent = try p.double("p")
            if try p.string("scores") == ScoreKind.lewis.rawValue, exponent >= 4 {
                throw ParameterError(key: "scores", message: "lewis scores need p < 4 (the fixed-point iteration "
                    + "converges only there), got p = \(exponent)")
            }
            if family == MatrixFamily.file.rawValue {
                guard let matrix = try p.matrix("path") else {
                    throw ParameterError(key: "path", message: "matrix: file needs `path`, a .csv or .npy file")
                }
                if matrix.rows < matrix.columns {
                    throw ParameterError(key: "path", message: "\(matrix.source): the matrix is \(matrix.rows)×\(matrix.columns); "
                        + "sensitivity sampling needs at least as many rows as columns")
                }
                return
            }
            let n = try p.int("n"), d = try p.int("d")
            if d > n { throw ParameterError(key: "d", message: "d = \(d) exceeds n = \(n)") }
            if family == MatrixFamily.blockSpiky.rawValue {
                let k = try p.int("spikes"), b = try p.int("spike_rows")
                if k >= d { throw ParameterError(key: "spikes", message: "k = \(k) must be below d = \(d)") }
                if k * b + d - k > n {
                    throw ParameterError(key: "spike_rows", message: "k·b = \(k * b) spike rows leave too few of n = \(n)")
                }
            }
            if family == MatrixFamily.lowRankPlusSparse.rawValue, try p.int("low_rank") > d {
                throw ParameterError(key: "low_rank", message: "r = \(try p.int("low_rank")) exceeds d = \(d)")
            }
            if try p.string("task") == "sample-complexity" {
                if family != MatrixFamily.blockSpiky.rawValue {
                    throw ParameterError(key: "task", message: "sample-complexity varies 𝔖 through block-spiky matrices; "
                        + "set matrix: block-spiky")
                }
                let levels = try p.reals("spike_levels")
                if let bad = levels.first(where: { $0 < 0 || $0 != $0.rounded() || $0 >= Double(d) }) {
                    throw ParameterError(key: "spike_levels", message: "each level must be a whole number in 0..<d, got \(bad)")
                }
                let b = try p.int("spike_rows")
                if let bad = levels.first(where: { Int($0) * b + d - Int($0) > n }) {
                    throw ParameterError(key: "spike_levels", message: "level \(Int(bad)) needs \(Int(bad) * b) spike rows, "
                        + "too many for n = \(n)")
                }
                if levels.count < 2 { throw ParameterError(key: "spike_levels", message: "need at least two levels for a fit") }
                if let bad = try p.reals("sample_grid").first(where: { $0 < 1 }) {
                    throw ParameterError(key: "sample_grid", message: "sizes must be ≥ 1, got \(bad)")
                }
            }
        })
}
