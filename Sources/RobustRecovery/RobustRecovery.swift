import ExperimentKit
import NumericsCore

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
    /// η, step size constant.
    public let step: Double
    /// ρ, geometric step decay.
    public let decay: Double
    /// T, iteration budget.
    public let iterations: Int
    /// Error below which the run stops early (0 = never).
    public let stopBelow: Double
    /// Error below which the linear-rate fit window starts.
    public let rateFrom: Double
    /// Error below which the linear-rate fit window ends.
    public let rateFloor: Double
    /// Error above which the run is declared diverged.
    public let blowup: Double

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
        step = try p.double("step")
        decay = try p.double("decay")
        iterations = try p.int("iterations")
        stopBelow = try p.double("stop_below")
        rateFrom = try p.double("rate_from")
        rateFloor = try p.double("rate_floor")
        blowup = try p.double("blowup")
    }

    /// Draws the instance from `seeds.instance` and (for random init) U₀ from
    /// `seeds.algorithm`, then runs the chosen iteration (the measurement-based ones as a batch
    /// of one over the fused operator pass).
    public func run(seeds: RunSeeds, record: RecordPolicy) throws -> Outcome {
        if algorithm != .population {
            guard let outcome = try Self.runTogether(batch: [self], seeds: [seeds], record: record).first else {
                throw RobustRecoveryError.unsupportedBatch
            }
            return outcome
        }
        var instanceGenerator = Xoshiro256StarStar(seed: seeds.instance)
        let instance = try RecoveryInstance(d: d, spectrum: spectrum, measurementCount: measurementCount,
                                            noise: noise, using: &instanceGenerator)
        var iteration = try SubgradientIteration(model: self, instance: instance, u: initialFactor(instance, seeds: seeds))
        return try iteration.run(record: record)
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
