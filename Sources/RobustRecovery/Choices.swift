/// Which iteration a run performs (the paper's SubGM and its baselines).
public enum RecoveryAlgorithm: String, Sendable, CaseIterable {
    /// Sub-gradient method on the ℓ1 loss, step `η_t = η·ρ^t / ‖Q_t‖₂` (noisy data).
    case subgm
    /// Sub-gradient method on the ℓ1 loss, step `η_t = (η/2)·f(U_t)` (noiseless variant).
    case subgmNoiseless = "subgm-noiseless"
    /// Gradient descent on the ℓ2 loss `(1/m)Σ rᵢ²`, step `η·ρ^t` (ρ = 1: constant).
    case gdL2 = "gd-l2"
    /// The population ("expected loss") dynamics `U ← U − η·ρ^t·(UUᵀ − X*)U`.
    case population
}

/// How U₀ is drawn.
public enum RecoveryInitialization: String, Sendable, CaseIterable {
    /// The paper's Algorithm 2: top r' eigenpairs of `C = (1/m)Σ sign(yᵢ)(Aᵢ + Aᵢᵀ)/2`,
    /// eigenvalues clipped at 0, `U₀ = α·V_{r'}·diag(λ₊)^{1/2}`.
    case spectral
    /// Small random initialization `U₀ = α·N(0, 1)` entries.
    case random
}

/// How the measurements are corrupted: `yᵢ = ⟨Aᵢ, X*⟩ + sᵢ`.
public enum NoiseModel: Sendable, Equatable {
    /// sᵢ = 0.
    case none
    /// sᵢ ~ N(0, σ²) with probability p (`fraction`), else 0; σ = `standardDeviation`.
    case outliers(fraction: Double, standardDeviation: Double)
    /// sᵢ ~ N(0, ν²) on every measurement; ν = `standardDeviation`.
    case gaussian(standardDeviation: Double)

    /// The names accepted by the `noise` parameter.
    public static let names = ["none", "outliers", "gaussian"]
}
