import NumericsCore

/// The measurement operator 𝒜(M) = (⟨A₁, M⟩, …, ⟨A_m, M⟩) for general (not necessarily
/// symmetric) M, stored as an n²×m matrix whose column i is vec(Aᵢ) (column-major), so a block
/// of measurements is contiguous. For the iterations that need the full weighted sum Σ wᵢAᵢ
/// (its spectral norm, or the gradient of an asymmetric model FGᵀ), with the same one-pass
/// blocking as `SymmetricSensingOperator`.
public struct DenseSensingOperator: Sendable {
    /// n, the side of the matrices Aᵢ and M.
    public let n: Int
    /// The stored operator, n²×m: column i is vec(Aᵢ).
    public let storage: Matrix

    /// Wraps an n²×m operator whose column i is vec(Aᵢ) (no copy). Precondition:
    /// `measurementColumns.rows == n²`.
    public init(measurementColumns: Matrix, n: Int) {
        precondition(measurementColumns.rows == n * n, "DenseSensingOperator: \(measurementColumns.rows) rows are not n²")
        self.n = n
        storage = measurementColumns
    }

    /// m, the number of measurements.
    public var measurementCount: Int { storage.columns }

    /// Buffers for fused passes over this operator with a batch of B models vec(M) (n² rows),
    /// `blockSize` measurements per block (by default as many as fill half the L2 cache).
    public func makeWorkspace(batch: Int, blockSize: Int? = nil) -> SensingPassWorkspace {
        SensingPassWorkspace(measurementCount: measurementCount, entriesPerMeasurement: n * n, batch: batch, blockSize: blockSize)
    }

    /// One fused pass for the models vec(M) in `workspace.models`: R = 𝒜(M) − y (m×B) and
    /// G = α·Σᵢ φ(rᵢ)·vec(Aᵢ) (n²×B), each block of measurements read once. Does not allocate.
    /// Throws `dimensionMismatch` when the workspace or y do not fit.
    public func fusedPass(
        measurements y: [Double], weight: MeasurementWeight, scale alpha: Double, workspace: inout SensingPassWorkspace
    ) throws(LinearAlgebraError) {
        try FusedSensingPass.run(storage.elements, measurements: y, weight: weight, scale: alpha, workspace: &workspace)
    }
}
