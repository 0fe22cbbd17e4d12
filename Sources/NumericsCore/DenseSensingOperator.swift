/// The measurement operator 𝒜(M) = (⟨A₁, M⟩, …, ⟨A_m, M⟩) for general (not necessarily
/// symmetric) M, stored either as an m×n² matrix whose row i is vec(Aᵢ) (column-major) or as
/// an n²×m matrix whose column i is vec(Aᵢ). For the iterations that need the full weighted
/// sum Σ wᵢAᵢ (its spectral norm, or the gradient of an asymmetric model FGᵀ), with the same
/// one-pass blocking as `SymmetricSensingOperator`.
public struct DenseSensingOperator: Sendable {
    /// n, the side of the matrices Aᵢ and M.
    public let n: Int
    /// The stored operator: m×n² (row i is vec(Aᵢ)) or n²×m (column i is vec(Aᵢ)), by `layout`.
    public let storage: Matrix
    /// How measurement i sits in `storage`.
    let layout: FusedSensingPass.Layout

    /// Wraps an m×n² operator whose row i is vec(Aᵢ) (no copy). Precondition:
    /// `measurementRows.columns == n²`.
    public init(measurementRows: Matrix, n: Int) {
        precondition(measurementRows.columns == n * n, "DenseSensingOperator: \(measurementRows.columns) columns are not n²")
        self.n = n
        storage = measurementRows
        layout = .measurementRows
    }

    /// Wraps an n²×m operator whose column i is vec(Aᵢ) (no copy): a block of measurements is
    /// contiguous. Precondition: `measurementColumns.rows == n²`.
    public init(measurementColumns: Matrix, n: Int) {
        precondition(measurementColumns.rows == n * n, "DenseSensingOperator: \(measurementColumns.rows) rows are not n²")
        self.n = n
        storage = measurementColumns
        layout = .measurementColumns
    }

    /// m, the number of measurements.
    public var measurementCount: Int { layout == .measurementRows ? storage.rows : storage.columns }

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
        try FusedSensingPass.run(storage.elements, layout: layout, measurements: y, weight: weight,
                                 scale: alpha, workspace: &workspace)
    }
}
