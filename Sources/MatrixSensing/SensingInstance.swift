import NumericsCore
import Sensing

/// Which forms of the measurement operator an instance keeps.
public enum OperatorStorage: Sendable {
    /// The full n²×m operator (the asymmetric models need ⟨Aᵢ, FGᵀ⟩ with FGᵀ not symmetric).
    case dense
    /// Only the packed symmetric operator (the symmetric model XXᵀ): half the memory.
    case symmetricPacked
    /// Both (reference computations in tests).
    case both
}

/// A matrix-sensing problem: the PSD rank-r ground truth `M* = U·diag(s)·Uᵀ` and m Gaussian
/// measurements `yᵢ = ⟨Aᵢ, M*⟩` (noiseless, Aᵢ not symmetrized).
public struct SensingInstance: Sendable {
    /// n, the side of M*.
    public let n: Int
    /// M*, n×n.
    public let groundTruth: Matrix
    /// The operator 𝒜 as an n²×m matrix: column i is vec(Aᵢ) in column-major order, so
    /// `𝒜(M) = operatorᵀ·vec(M)` and `Σᵢ rᵢAᵢ = operator·r`. 0×0 when the storage is
    /// `.symmetricPacked`.
    public let sensingOperator: Matrix
    /// The same Aᵢ packed for symmetric M (`nil` when the storage is `.dense`).
    public let symmetricOperator: SymmetricSensingOperator?
    /// y = 𝒜(M*), length m.
    public let measurements: [Double]

    /// Draws an instance from `generator`: M* (`PlantedLowRank`), then the m·n² operator entries
    /// i.i.d. N(0,1), measurement by measurement (the same draws whatever the storage; y agrees
    /// across storages within rounding).
    public init(n: Int, spectrum: [Double], measurementCount m: Int, storage: OperatorStorage = .dense,
                using generator: inout Xoshiro256StarStar) throws {
        self.n = n
        groundTruth = try PlantedLowRank(side: n, spectrum: spectrum, using: &generator).matrix
        switch storage {
        case .symmetricPacked:
            let packed = SymmetricSensingOperator(gaussianWithSide: n, measurementCount: m, using: &generator)
            sensingOperator = Matrix(rows: 0, columns: 0)
            symmetricOperator = packed
            measurements = try packed.apply(groundTruth)
        case .dense, .both:
            let dense = Matrix.gaussian(rows: n * n, columns: m, using: &generator)
            var y = [Double](repeating: 0, count: m)
            try BLAS.gemv(.transpose, dense, groundTruth.elements, into: &y)
            sensingOperator = dense
            symmetricOperator = storage == .both ? SymmetricSensingOperator(measurementColumns: dense, n: n) : nil
            measurements = y
        }
    }

    /// The default spectrum (our reconstruction of the paper's setup): r values evenly spaced from 1 down to 0.5
    /// (r = 3 gives s = (1.0, 0.75, 0.5)); r = 1 gives (1.0).
    public static func defaultSpectrum(rank r: Int) -> [Double] {
        r == 1 ? [1.0] : (0..<r).map { 1.0 - 0.5 * Double($0) / Double(r - 1) }
    }
}
