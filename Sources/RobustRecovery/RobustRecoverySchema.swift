import ExperimentKit
import Sensing

extension RobustRecovery {
    /// Error thresholds 10^-k of the hitting-time metrics `iterations_to_1e-k`.
    static let hittingExponents = Array(1...12)
    /// How many of the largest eigenvalues of U_tU_tᵀ are recorded as series.
    static let recordedEigenvalues = 4

    /// The model's published schema: parameters (with the paper's symbols), metrics, series.
    public static let schema = ModelSchema(
        name: "robust-recovery",
        version: 1,
        summary: "Sub-gradient method for robust low-rank matrix recovery with small initialization, noisy "
            + "measurements and over-parameterization (Ma, Fattahi, JMLR 2023, arXiv 2202.08788).",
        parameters: problem.specs + [
            ParameterSpec("noise", kind: .choice(NoiseModel.names), default: .string("none"), instance: true,
                          summary: "none; outliers (s_i ~ N(0, outlier_std²) with probability p); gaussian (s_i ~ N(0, ν²))"),
            ParameterSpec("outlier_fraction", symbol: "p", kind: .real(min: 0, max: 1, upperOpen: true), default: .double(0.1),
                          instance: true, summary: "probability that a measurement is an outlier (noise: outliers)"),
            ParameterSpec("outlier_std", kind: .real(min: 0, max: nil), default: .double(10), instance: true,
                          summary: "standard deviation of an outlier (noise: outliers)"),
            ParameterSpec("noise_std", symbol: "ν", kind: .real(min: 0, max: nil), default: .double(0.1), instance: true,
                          summary: "standard deviation of the dense Gaussian noise (noise: gaussian)"),
            ParameterSpec("algorithm", kind: .choice(RecoveryAlgorithm.allCases.map(\.rawValue)), default: .string("subgm"),
                          instance: false, summary: "subgm (η·ρ^t/‖Q_t‖₂), subgm-noiseless ((η/2)·f(U_t)), "
                            + "gd-l2 (gradient of the ℓ2 loss, η·ρ^t), population ((UUᵀ − X*)U, η·ρ^t)"),
            ParameterSpec("init", kind: .choice(RecoveryInitialization.allCases.map(\.rawValue)), default: .string("spectral"),
                          instance: false, summary: "spectral (the paper's Algorithm 2) or random (α·N(0,1) entries)"),
            ParameterSpec("init_scale", symbol: "α", kind: .real(min: 0, max: nil, lowerOpen: true), default: .double(1e-3),
                          instance: false, summary: "initialization scale"),
            ParameterSpec("decay", symbol: "ρ", kind: .real(min: 0, max: 1, lowerOpen: true), default: .double(1),
                          instance: false, summary: "geometric step decay: η_t = η·ρ^t (subgm: divided by ‖Q_t‖₂)"),
            ParameterSpec("rate_from", kind: .real(min: 0, max: nil, lowerOpen: true), default: .double(1e-1),
                          instance: false, summary: "linear_rate fit window starts at the first t with error < rate_from"),
        ] + IterationSettings.parameters(step: "step size constant", error: "‖U_tU_tᵀ − X*‖_F"),
        metrics: [
            OutputSpec("final_error", "‖U_TU_Tᵀ − X*‖_F at the last iteration run"),
            OutputSpec("final_loss", "ℓ1 loss f(U_T) = (1/m)Σ|⟨A_i, U_TU_Tᵀ⟩ − y_i| (population: √(2/π)·final_error)"),
            OutputSpec("final_loss_l2", "ℓ2 loss (1/m)Σ(⟨A_i, U_TU_Tᵀ⟩ − y_i)² (not for population)"),
            OutputSpec("truth_loss", "ℓ1 loss at the ground truth, f(X*) = (1/m)Σ|s_i| (not for population)"),
            OutputSpec("loss_over_truth", "final_loss / truth_loss (< 1: U_T fits the data better than X* does)"),
            OutputSpec("min_error", "smallest ‖U_tU_tᵀ − X*‖_F over the run"),
            OutputSpec("iterations_run", "iterations actually run (less than T when stop_below or divergence stopped it)"),
        ] + hittingExponents.map {
            OutputSpec("iterations_to_1e-\($0)", "first t with ‖U_tU_tᵀ − X*‖_F < 1e-\($0) (+inf if never)")
        } + [
            OutputSpec("linear_rate", "−slope of ln(error) vs t over [t_from, t_floor]: t_from = first t with "
                + "error < rate_from, t_floor = first t with error < rate_floor (else the last t); absent when "
                + "the window has fewer than 2 iterations"),
            OutputSpec("plateau_length", "first t with error < 0.9·error₀: the length of the initial plateau"),
            OutputSpec("floor_reached", "first t with error < 2·final_error: when the final floor is reached"),
            OutputSpec("tail_ratio", "error at T / error at ⌊T/2⌋ (≈ 1 on a flat floor)"),
            OutputSpec("eigenvalue_time_1", "first recorded t with σ₁(U_t)² ≥ λ₁/2 (+inf if never)"),
            OutputSpec("eigenvalue_time_2", "first recorded t with σ₂(U_t)² ≥ λ₂/2 (+inf if never; r ≥ 2)"),
            OutputSpec("eigenvalue_time_3", "first recorded t with σ₃(U_t)² ≥ λ₃/2 (+inf if never; r ≥ 3)"),
            OutputSpec("learning_order_21", "eigenvalue_time_2 / eigenvalue_time_1 (> 1: λ₁ learned first)"),
            OutputSpec("learning_order_32", "eigenvalue_time_3 / eigenvalue_time_2 (> 1: λ₂ learned before λ₃)"),
            OutputSpec("residual_norm0", "residual_norm at t = 0"),
            OutputSpec("max_residual_norm", "max over recorded t of residual_norm"),
            OutputSpec("max_residual_over_scale", "max_residual_norm / α"),
            OutputSpec("signal_learned_at", "first recorded t with ‖VᵀU_tU_tᵀV − diag(λ)‖_F < 1e-2·‖λ‖₂ (+inf if never)"),
            OutputSpec("residual_at_signal_learned", "residual_norm / α at signal_learned_at"),
            OutputSpec("diverged_at", "the iteration at which a diverged run stopped"),
        ],
        series: [
            OutputSpec("error", "‖U_tU_tᵀ − X*‖_F, every record.every iterations and at the last one"),
            OutputSpec("loss", "ℓ1 loss f(U_t) (population: √(2/π)·error), same steps as error"),
            OutputSpec("signal_error", "‖SSᵀ − diag(λ)‖_F with S = VᵀU_t (the signal part)"),
            OutputSpec("cross_norm", "‖E·P_S‖_F: the part of E = V⊥ᵀU_t in the row space of S (the cross term)"),
            OutputSpec("residual_norm", "‖E·(I − P_S)‖_F: the residual, the part of U_t outside the signal subspace "
                + "and outside the row space of S"),
        ] + (1...recordedEigenvalues).map {
            OutputSpec("eigenvalue_\($0)", "the \($0)-th largest eigenvalue of U_tU_tᵀ (σ_\($0)(U_t)²), if r' ≥ \($0)")
        },
        codeFingerprint: codeFingerprint,
        crossCheck: { (p: ParameterSet) throws(ParameterError) in try problem.check(p) })

    /// d, r, λ, m, r'; the operator holds at most 10⁸ doubles.
    static let problem = PlantedProblemParameters(
        side: "d", maxSide: 200, searchRankSymbol: "r'", truthSymbol: "X*", spectrumSymbol: "λ", defaultSide: 20,
        defaultRank: 3, defaultSpectrum: [10, 5, 1], defaultMeasurements: 500, defaultSearchRank: 3,
        emptySpectrum: nil, searchRankMayBeBelowRank: false, operatorLimit: 100_000_000, operatorLimitText: "800 MB")
}
