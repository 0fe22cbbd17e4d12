import NumericsCore

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
    /// The operator 𝒜 as an m×d² matrix: row i is vec(Aᵢ) (column-major), so
    /// `𝒜(X) = operator·vec(X)` and `Σᵢ wᵢAᵢ = operatorᵀ·w`.
    public let sensingOperator: Matrix
    /// The same Aᵢ packed for symmetric arguments: ⟨Aᵢ, UUᵀ⟩ and Σ wᵢ·sym(Aᵢ) in one pass over
    /// d(d+1)/2 numbers per measurement (ℓ2 descent, noiseless SubGM).
    public let symmetricOperator: SymmetricSensingOperator
    /// The same Aᵢ as a d²×m matrix (column i is vec(Aᵢ)), for fused passes that need the
    /// full Σ wᵢAᵢ (SubGM's ‖Q_t‖₂): a block of measurements is contiguous.
    public let denseOperator: DenseSensingOperator
    /// y, length m.
    public let measurements: [Double]
    /// s, the noise added to each measurement.
    public let noise: [Double]
    /// Whether measurement i was drawn as an outlier (noise model `outliers`; else all false).
    public let isOutlier: [Bool]

    /// Draws an instance from `generator`, in this order: V from the QR of a d×r Gaussian
    /// matrix, the m·d² operator entries i.i.d. N(0, 1) in storage order, then the noise
    /// of each measurement in turn (outliers: a Bernoulli(p) draw, then N(0, σ²) if it hit).
    public init(d: Int, spectrum: [Double], measurementCount m: Int, noise model: NoiseModel,
                using generator: inout Xoshiro256StarStar) throws {
        self.d = d
        self.spectrum = spectrum
        let r = spectrum.count
        let v = try QR(Matrix.gaussian(rows: d, columns: r, using: &generator)).q
        var scaled = v
        for j in 0..<r {
            for i in 0..<d { scaled[i, j] *= spectrum[j] }
        }
        signalBasis = v
        groundTruth = try BLAS.product(scaled, v, .none, .transpose)
        sensingOperator = Matrix.gaussian(rows: m, columns: d * d, using: &generator)
        symmetricOperator = SymmetricSensingOperator(measurementRows: sensingOperator, n: d)
        denseOperator = DenseSensingOperator(measurementColumns: sensingOperator.transposed, n: d)
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
        try BLAS.gemv(.none, sensingOperator, groundTruth.elements, beta: 1, into: &y)
        noise = s
        isOutlier = outlier
        measurements = y
    }

    /// The paper's spectral-type initialization (Algorithm 2): the top `searchRank`
    /// eigenpairs (vᵢ, λᵢ) of `C = (1/m)Σ sign(yᵢ)(Aᵢ + Aᵢᵀ)/2`, and
    /// `U₀ = α·[v₁ … v_{r'}]·diag(max(λᵢ, 0))^{1/2}`.
    public func spectralInitialization(searchRank: Int, scale alpha: Double) throws -> Matrix {
        let m = measurements.count
        let signs = measurements.map { $0 > 0 ? 1.0 : ($0 < 0 ? -1.0 : 0.0) }
        var c = Matrix(rows: d, columns: d)
        try BLAS.gemv(.transpose, alpha: 1 / Double(m), sensingOperator, signs, into: &c.elements)
        let symmetric = 0.5 * (c + c.transposed)
        let eigen = try SymmetricEigen(symmetric)
        var u = Matrix(rows: d, columns: searchRank)
        for j in 0..<searchRank {
            let k = d - 1 - j
            let factor = alpha * max(eigen.values[k], 0).squareRoot()
            for i in 0..<d { u[i, j] = factor * eigen.vectors[i, k] }
        }
        return u
    }
}
