/// The measurement operator 𝒜(M) = (⟨A₁, M⟩, …, ⟨A_m, M⟩) for general (not necessarily
/// symmetric) M, stored as an m×n² matrix whose row i is vec(Aᵢ) (column-major). For the
/// iterations that need the full weighted sum Σ wᵢAᵢ (e.g. its spectral norm), with the same
/// one-pass blocking as `SymmetricSensingOperator`.
public struct DenseSensingOperator: Sendable {
    /// n, the side of the matrices Aᵢ and M.
    public let n: Int
    /// The m×n² operator: row i is vec(Aᵢ).
    public let measurementRows: Matrix

    /// Wraps an m×n² operator (no copy). Precondition: `measurementRows.columns == n²`.
    public init(measurementRows: Matrix, n: Int) {
        precondition(measurementRows.columns == n * n, "DenseSensingOperator: \(measurementRows.columns) columns are not n²")
        self.n = n
        self.measurementRows = measurementRows
    }

    /// Buffers for fused passes over this operator with a batch of B models vec(M) (n² rows),
    /// `blockSize` measurements per block (by default as many as fill half the L2 cache).
    public func makeWorkspace(batch: Int, blockSize: Int? = nil) -> SensingPassWorkspace {
        SensingPassWorkspace(measurementCount: measurementRows.rows, entriesPerMeasurement: n * n, batch: batch, blockSize: blockSize)
    }

    /// One fused pass for the models vec(M) in `workspace.models`: R = 𝒜(M) − y (m×B) and
    /// G = α·Σᵢ φ(rᵢ)·vec(Aᵢ) (n²×B), each block of measurements read once. Does not allocate.
    /// Throws `dimensionMismatch` when the workspace or y do not fit.
    public func fusedPass(
        measurements y: [Double], weight: MeasurementWeight, scale alpha: Double, workspace: inout SensingPassWorkspace
    ) throws(LinearAlgebraError) {
        try FusedSensingPass.run(measurementRows.elements, layout: .measurementRows, measurements: y, weight: weight,
                                 scale: alpha, workspace: &workspace)
    }
}
