/// How the n×n iterate is factored (the paper's algorithms, in our reading).
public enum Parameterization: String, Sendable, CaseIterable {
    /// `M = XXᵀ`, loss `(1/4m) Σ rᵢ²`, update `X ← X − η·½(E + Eᵀ)·X`.
    case symmetric
    /// `M = FGᵀ`, loss `(1/2m) Σ rᵢ²`, updates `F ← F − ηEG`, `G ← G − ηEᵀF` from the same iterate.
    case asymmetric
    /// Asymmetric GD with one rebalancing step `F ← F(FᵀF)^{-1/2}`, `G ← G(FᵀF)^{1/2}` the first
    /// time the error falls below `switch_below`. The paper's "modify one step of GD" method;
    /// its exact formula is not public, so this is the project's reconstruction.
    case asymmetricRebalanced = "asymmetric-rebalanced"
}
