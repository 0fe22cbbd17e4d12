import NumericsCore
import Sensing

/// A robust matrix-recovery problem: the PSD rank-r ground truth `X* = V·diag(λ)·Vᵀ` and m
/// measurements `yᵢ = ⟨Aᵢ, X*⟩ + sᵢ` with Aᵢ of i.i.d. N(0, 1) entries (not symmetrized).
public struct RecoveryInstance: Sendable {
    /// d, the side of X*.
    public let d: Int
    /// V, d×r with orthonormal columns (QR of a Gaussian d×r matrix).
    public let signalBasis: Matrix
    /// λ, the eigenvalues of X* (column j of V belongs to λ_j).
    public let spectrum: [Double]
    /// X*, d×d.
    public let groundTruth: Matrix
    /// The Aᵢ as a d²×m matrix (column i is vec(Aᵢ)), for the passes that need the full
    /// Σ wᵢAᵢ (SubGM's ‖Q_t‖₂).
    public let denseOperator: DenseSensingOperator
    /// The same Aᵢ packed for symmetric arguments: ⟨Aᵢ, UUᵀ⟩ and Σ wᵢ·sym(Aᵢ) in one pass over
    /// d(d+1)/2 numbers per measurement (ℓ2 descent, noiseless SubGM).
    public let symmetricOperator: SymmetricSensingOperator
    /// y, length m.
    public let measurements: [Double]
    /// s, the noise added to each measurement.
    public let noise: [Double]
    /// Whether measurement i was drawn as an outlier (noise model `outliers`; else all false).
    public let isOutlier: [Bool]
    /// C = (1/m)Σ sign(yᵢ)(Aᵢ + Aᵢᵀ)/2, d×d, the matrix of the spectral initialization.
    public let signMatrix: Matrix

    /// Draws an instance from `generator`, in this order: X* (`PlantedLowRank`), the m·d²
    /// operator entries i.i.d. N(0, 1) entry by entry (entry e of A₁ … A_m, then entry e + 1),
    /// then the noise of each measurement in turn (outliers: a Bernoulli(p) draw, then
    /// N(0, σ²) if it hit).
    public init(d: Int, spectrum: [Double], measurementCount m: Int, noise model: NoiseModel,
                using generator: inout Xoshiro256StarStar) throws {
        self.d = d
        self.spectrum = spectrum
        let planted = try PlantedLowRank(side: d, spectrum: spectrum, using: &generator)
        signalBasis = planted.basis
        groundTruth = planted.matrix
        // Row i of the m×d² draw is vec(Aᵢ); y and C are formed from it before it is stored
        // measurement by measurement (d²×m).
        let rows = Matrix.gaussian(rows: m, columns: d * d, using: &generator)
        var s = [Double](repeating: 0, count: m)
        var outlier = [Bool](repeating: false, count: m)
        switch model {
        case .none:
            break
        case let .outliers(p, sigma):
            for i in 0..<m where generator.nextBernoulli(p) {
                outlier[i] = true
                s[i] = sigma * generator.nextNormal()
            }
        case .gaussian(let nu):
            for i in 0..<m { s[i] = nu * generator.nextNormal() }
        }
        var y = s
        try BLAS.gemv(.none, rows, groundTruth.elements, beta: 1, into: &y)
        noise = s
        isOutlier = outlier
        measurements = y
        let signs = y.map { $0 > 0 ? 1.0 : ($0 < 0 ? -1.0 : 0.0) }
        var c = Matrix(rows: d, columns: d)
        try BLAS.gemv(.transpose, alpha: 1 / Double(m), rows, signs, into: &c.elements)
        signMatrix = 0.5 * (c + c.transposed)
        denseOperator = DenseSensingOperator(measurementColumns: rows.transposed, n: d)
        symmetricOperator = SymmetricSensingOperator(measurementColumns: denseOperator.storage, n: d)
    }

    /// The paper's spectral-type initialization (Algorithm 2): the top `searchRank`
    /// eigenpairs (vᵢ, λᵢ) of C (`signMatrix`), and `U₀ = α·[v₁ … v_{r'}]·diag(max(λᵢ, 0))^{1/2}`.
    public func spectralInitialization(searchRank: Int, scale alpha: Double) throws -> Matrix {
        let eigen = try SymmetricEigen(signMatrix)
        var u = Matrix(rows: d, columns: searchRank)
        for j in 0..<searchRank {
            let k = d - 1 - j
            let factor = alpha * max(eigen.values[k], 0).squareRoot()
            for i in 0..<d { u[i, j] = factor * eigen.vectors[i, k] }
        }
        return u
    }
}
