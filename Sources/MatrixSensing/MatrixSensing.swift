import ExperimentKit
import NumericsCore
import Sensing

/// The matrix-sensing experiment of Xiong, Ding & Du (ICLR 2024): gradient descent on a
/// factored model of a PSD rank-r matrix from Gaussian measurements, with exact (k = r) or
/// over-parameterized (k > r) factors, symmetric or asymmetric.
public struct MatrixSensing: Experiment {
    /// n, side of M*.
    public let n: Int
    /// r, rank of M*.
    public let rank: Int
    /// s, eigenvalues of M* (r values).
    public let spectrum: [Double]
    /// m, number of measurements.
    public let measurementCount: Int
    /// Symmetric, asymmetric or rebalanced factorization.
    public let parameterization: Parameterization
    /// k, columns of the factors.
    public let searchRank: Int
    /// α, initialization scale.
    public let initScale: Double
    /// Error below which the rebalancing step is applied (asymmetric-rebalanced).
    public let switchBelow: Double
    /// η, T, stop_below, rate_floor, blowup.
    public let settings: IterationSettings

    /// Reads the resolved parameters of `MatrixSensing.schema`.
    public init(parameters p: ParameterSet) throws(ParameterError) {
        n = try p.int("n")
        rank = try p.int("rank")
        let given = try p.reals("spectrum")
        spectrum = given.isEmpty ? SensingInstance.defaultSpectrum(rank: rank) : given
        measurementCount = try p.int("measurements")
        let name = try p.string("parameterization")
        guard let kind = Parameterization(rawValue: name) else {
            throw ParameterError(key: "parameterization", message: "unknown parameterization '\(name)'")
        }
        parameterization = kind
        searchRank = try p.int("search_rank")
        initScale = try p.double("init_scale")
        switchBelow = try p.double("switch_below")
        settings = try IterationSettings(parameters: p)
    }

    /// X₀ or (F₀, G₀) drawn from `seeds.algorithm`: entries α·N(0,1)/√n, G₀'s (α/3)·N(0,1)/√n.
    func initialFactors(seeds: RunSeeds) -> (Matrix, Matrix?) {
        var generator = Xoshiro256StarStar(seed: seeds.algorithm)
        let scale = initScale / Double(n).squareRoot()
        let f0 = Matrix.gaussian(rows: n, columns: searchRank, scale: scale, using: &generator)
        let g0: Matrix? = parameterization == .symmetric
            ? nil : Matrix.gaussian(rows: n, columns: searchRank, scale: scale / 3, using: &generator)
        return (f0, g0)
    }
}
