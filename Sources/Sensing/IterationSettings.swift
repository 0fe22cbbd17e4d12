import ExperimentKit

/// The parameters every iterative sensing model shares, declared once: the step size η, the
/// iteration budget T, early stopping, the divergence bound and the end of the rate fits.
public struct IterationSettings: Sendable, Hashable {
    /// η, the step size (constant, or the constant of a schedule).
    public let step: Double
    /// T, the iteration budget.
    public let iterations: Int
    /// Error below which the run stops early (0 = never).
    public let stopBelow: Double
    /// Error below which the rate fits stop using iterations.
    public let rateFloor: Double
    /// Error above which (or NaN/Inf) the run is declared diverged.
    public let blowup: Double

    /// Reads the values of `parameters(step:error:)`.
    public init(parameters p: ParameterSet) throws(ParameterError) {
        step = try p.double("step")
        iterations = try p.int("iterations")
        stopBelow = try p.double("stop_below")
        rateFloor = try p.double("rate_floor")
        blowup = try p.double("blowup")
    }

    /// The schema entries `step`, `iterations`, `stop_below`, `rate_floor` and `blowup`;
    /// `step` describes η in the model's words and `error` names the distance the thresholds
    /// apply to (e.g. "‖M_t − M*‖_F").
    public static func parameters(step: String, error: String) -> [ParameterSpec] {
        [
            ParameterSpec("step", symbol: "η", kind: .real(min: 0, max: nil, lowerOpen: true), default: .double(0.1),
                          instance: false, summary: step),
            ParameterSpec("iterations", symbol: "T", kind: .integer(min: 1, max: 10_000_000), default: .int(1000),
                          instance: false, summary: "iteration budget"),
            ParameterSpec("stop_below", kind: .real(min: 0, max: nil), default: .double(0), instance: false,
                          summary: "stop early once \(error) falls below this (0 = run the whole budget)"),
            ParameterSpec("rate_floor", kind: .real(min: 0, max: nil, lowerOpen: true), default: .double(1e-10),
                          instance: false, summary: "rate fits end at the first t with \(error) < rate_floor (else T)"),
            ParameterSpec("blowup", kind: .real(min: 0, max: nil, lowerOpen: true), default: .double(1e6), instance: false,
                          summary: "\(error) above this (or NaN/Inf) stops the run as diverged"),
        ]
    }
}
