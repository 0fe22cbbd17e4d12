import ExperimentKit
import NumericsCore
import Sensing

/// The robust matrix-recovery experiment of Ma & Fattahi (JMLR 2023): recover a PSD rank-r
/// X* from Gaussian measurements with outliers or dense noise, by the sub-gradient method
/// on the ℓ1 loss `f(U) = (1/m)Σ|⟨Aᵢ, UUᵀ⟩ − yᵢ|` over U ∈ R^{d×r'} from a small
/// initialization; with gradient descent on the ℓ2 loss and the population dynamics as
/// baselines.
public struct RobustRecovery: Experiment {
    /// d, side of X*.
    public let d: Int
    /// r, rank of X*.
    public let rank: Int
    /// λ, eigenvalues of X*.
    public let spectrum: [Double]
    /// m, number of measurements.
    public let measurementCount: Int
    /// The corruption of the measurements.
    public let noise: NoiseModel
    /// Which iteration runs.
    public let algorithm: RecoveryAlgorithm
    /// r', columns of U.
    public let searchRank: Int
    /// How U₀ is drawn.
    public let initialization: RecoveryInitialization
    /// α, initialization scale.
    public let initScale: Double
    /// ρ, geometric step decay.
    public let decay: Double
    /// Error below which the linear-rate fit window starts.
    public let rateFrom: Double
    /// η (the step size constant), T, stop_below, rate_floor, blowup.
    public let settings: IterationSettings

    /// Reads the resolved parameters of `RobustRecovery.schema`.
    public init(parameters p: ParameterSet) throws(ParameterError) {
        d = try p.int("d")
        rank = try p.int("rank")
        spectrum = try p.reals("spectrum")
        measurementCount = try p.int("measurements")
        switch try p.string("noise") {
        case "none": noise = .none
        case "outliers":
            noise = .outliers(fraction: try p.double("outlier_fraction"), standardDeviation: try p.double("outlier_std"))
        case "gaussian": noise = .gaussian(standardDeviation: try p.double("noise_std"))
        case let other: throw ParameterError(key: "noise", message: "unknown noise model '\(other)'")
        }
        let algorithmName = try p.string("algorithm")
        guard let algorithm = RecoveryAlgorithm(rawValue: algorithmName) else {
            throw ParameterError(key: "algorithm", message: "unknown algorithm '\(algorithmName)'")
        }
        self.algorithm = algorithm
        searchRank = try p.int("search_rank")
        let initName = try p.string("init")
        guard let initialization = RecoveryInitialization(rawValue: initName) else {
            throw ParameterError(key: "init", message: "unknown initialization '\(initName)'")
        }
        self.initialization = initialization
        initScale = try p.double("init_scale")
        decay = try p.double("decay")
        rateFrom = try p.double("rate_from")
        settings = try IterationSettings(parameters: p)
    }

    /// U₀ of the chosen initialization.
    func initialFactor(_ instance: RecoveryInstance, seeds: RunSeeds) throws -> Matrix {
        switch initialization {
        case .spectral:
            return try instance.spectralInitialization(searchRank: searchRank, scale: initScale)
        case .random:
            var generator = Xoshiro256StarStar(seed: seeds.algorithm)
            return Matrix.gaussian(rows: d, columns: searchRank, scale: initScale, using: &generator)
        }
    }
}
