/// The sampling scores (`scores:`).
public enum ScoreKind: String, Sendable, CaseIterable {
    /// Exact ℓp sensitivities σᵢ.
    case sensitivity
    /// ℓp Lewis weights wᵢ (p < 4).
    case lewis
    /// Leverage scores τᵢ.
    case leverage
    /// Root leverage scores τᵢ^{p/2}, optionally refined by `rounds` − 1 more Lewis steps.
    case rootLeverage = "root-leverage"
    /// All rows equal.
    case uniform
    /// σᵢ/𝔖 + τᵢ/d: the leverage-plus-sensitivity mixture for p > 2 (the project's choice of
    /// how to combine the two; the paper's bound for it is about d^{2/p}𝔖^{2−4/p}).
    case leverageSensitivity = "leverage+sensitivity"
}
