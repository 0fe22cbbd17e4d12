import ExperimentKit
import Sensing

extension MatrixSensing {
    /// The model's published schema: parameters (with the paper's symbols), metrics, series.
    public static let schema = ModelSchema(
        name: "matrix-sensing",
        version: 1,
        summary: "Gradient descent for low-rank matrix sensing with exact or over-parameterized factors "
            + "(Xiong, Ding, Du, ICLR 2024, arXiv 2310.01769).",
        parameters: problem.specs + [
            ParameterSpec("parameterization", kind: .choice(Parameterization.allCases.map(\.rawValue)),
                          default: .string("symmetric"), instance: false,
                          summary: "symmetric (XXᵀ), asymmetric (FGᵀ) or asymmetric-rebalanced"),
            ParameterSpec("init_scale", symbol: "α", kind: .real(min: 0, max: nil, lowerOpen: true), default: .double(0.1),
                          instance: false, summary: "initialization scale: X₀, F₀ entries α·N(0,1)/√n, G₀ entries (α/3)·N(0,1)/√n"),
            ParameterSpec("switch_below", kind: .real(min: 0, max: nil, lowerOpen: true), default: .double(1e-2),
                          instance: false, summary: "asymmetric-rebalanced: rebalance once when the error first falls below this"),
        ] + IterationSettings.parameters(step: "gradient step size", error: "the error ‖M_t − M*‖_F"),
        metrics: [
            OutputSpec("final_error", "‖M_T − M*‖_F at the last iteration run"),
            OutputSpec("final_loss", "training loss at the last iteration run"),
            OutputSpec("iterations_run", "iterations actually run (less than T when stop_below or divergence stopped it)"),
            OutputSpec("iterations_to_1e-2", "first t with ‖M_t − M*‖_F < 1e-2 (+inf if never)"),
            OutputSpec("iterations_to_1e-4", "first t with error < 1e-4 (+inf if never)"),
            OutputSpec("iterations_to_1e-6", "first t with error < 1e-6 (+inf if never)"),
            OutputSpec("iterations_to_1e-8", "first t with error < 1e-8 (+inf if never)"),
            OutputSpec("linear_rate", "−slope of ln(error) vs t over the second half of [t₀, t_floor] "
                + "(t₀ = the rebalancing step, else 0; t_floor = first t with error < rate_floor, else T); "
                + "absent for a rebalanced run that never switched"),
            OutputSpec("loglog_slope", "slope of ln(error) vs ln(t) over the last decade [t_floor/10, t_floor]"),
            OutputSpec("error_times_eta_t", "final_error · η · iterations_run (about constant when the error decays like 1/(ηT))"),
            OutputSpec("hessian_rate", "symmetric with k = r only: −ln(1 − η·λ⁺), the local rate predicted by λ⁺, the smallest "
                + "eigenvalue of the training loss's Hessian at a factor of M* above its r(r−1)/2-dimensional rotation null space "
                + "(−ln max|1 − η·λ| over the non-null eigenvalues); absent when undefined"),
            OutputSpec("rate_over_hessian", "symmetric with k = r only: linear_rate / hessian_rate"),
            OutputSpec("hitting_time_over_hessian", "symmetric with k = r only: iterations_to_1e-8 / (ln(error₀/1e-8) / hessian_rate), "
                + "the hitting time over the time the predicted rate needs from the initial error"),
            OutputSpec("lambda_min_imbalance0", "asymmetric only: λ_min(F₀ᵀF₀ − G₀ᵀG₀)"),
            OutputSpec("rate_over_imbalance", "asymmetric (not rebalanced) only: linear_rate / (η·λ_min(F₀ᵀF₀ − G₀ᵀG₀))"),
            OutputSpec("switch_iteration", "asymmetric-rebalanced only: the iteration of the rebalancing step (+inf if never)"),
            OutputSpec("diverged_at", "the iteration at which a diverged run stopped"),
        ],
        series: [
            OutputSpec("error", "‖M_t − M*‖_F, every record.every iterations and at the last one"),
            OutputSpec("loss", "training loss (1/4m or 1/2m)·Σ rᵢ², same steps as error"),
        ],
        codeFingerprint: codeFingerprint,
        crossCheck: { (p: ParameterSet) throws(ParameterError) in try problem.check(p) })

    /// n, r, s, m, k; the operator holds at most 4·10⁸ doubles.
    static let problem = PlantedProblemParameters(
        side: "n", maxSide: 400, searchRankSymbol: "k", truthSymbol: "M*", spectrumSymbol: "s", defaultSide: 50,
        defaultRank: 3, defaultSpectrum: [], defaultMeasurements: 1500, defaultSearchRank: 3,
        emptySpectrum: "r values evenly spaced from 1 down to 0.5", searchRankMayBeBelowRank: true,
        operatorLimit: 400_000_000, operatorLimitText: "3.2 GB")
}
