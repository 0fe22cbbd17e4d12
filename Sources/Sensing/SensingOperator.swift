import NumericsCore

/// The measurement operator a `SensingLoop` passes over each iteration: the full operator
/// (any M; the weighted sum is Σ wᵢAᵢ), the packed symmetric one (symmetric M; the weighted sum
/// is Σ wᵢ·sym(Aᵢ)), or the population operator, the expectation of the pass over Gaussian Aᵢ.
public enum SensingOperator: Sendable {
    /// `DenseSensingOperator`: the models are vec(M).
    case dense(DenseSensingOperator)
    /// `SymmetricSensingOperator`: the models are the packed upper triangles of symmetric M.
    case symmetric(SymmetricSensingOperator)
    /// No measurements: for Aᵢ with i.i.d. N(0, 1) entries, 𝔼[⟨Aᵢ, Δ⟩Aᵢ] = Δ, so the pass with
    /// residual weights gives α·(M − M*) for the ground truth M* (`groundTruth`), and no residuals.
    case population(groundTruth: Matrix)

    /// n, the side of the matrices.
    public var n: Int {
        switch self {
        case .dense(let a): return a.n
        case .symmetric(let a): return a.n
        case .population(let truth): return truth.rows
        }
    }

    /// Buffers for passes with a batch of B models.
    public func makeWorkspace(batch: Int) -> SensingPassWorkspace {
        switch self {
        case .dense(let a): return a.makeWorkspace(batch: batch)
        case .symmetric(let a): return a.makeWorkspace(batch: batch)
        case .population(let truth):
            return SensingPassWorkspace(measurementCount: 0, entriesPerMeasurement: truth.elements.count, batch: batch, blockSize: nil)
        }
    }

    /// Writes the n×n `m` into column `column` of the workspace's models (packed: its upper
    /// triangle). O(n²), no allocation.
    public func load(_ m: Matrix, into workspace: inout SensingPassWorkspace, column: Int) {
        switch self {
        case .symmetric(let a):
            a.pack(m, into: &workspace.models, column: column)
        case .dense, .population:
            let p = workspace.models.rows
            precondition(m.elements.count == p && column < workspace.models.columns, "SensingOperator.load: shapes do not fit")
            m.elements.withUnsafeBufferPointer { source in
                workspace.models.elements.withUnsafeMutableBufferPointer { target in
                    for e in 0..<p { target[column * p + e] = source[e] }
                }
            }
        }
    }

    /// One pass for the first `activeBatch` models of `workspace`: residuals R = 𝒜(M) − y and
    /// weighted sums G = α·Σᵢ φ(rᵢ)Aᵢ (see the cases). Does not allocate.
    public func fusedPass(
        measurements y: [Double], weight: MeasurementWeight, scale alpha: Double, workspace: inout SensingPassWorkspace
    ) throws(LinearAlgebraError) {
        switch self {
        case .dense(let a):
            try a.fusedPass(measurements: y, weight: weight, scale: alpha, workspace: &workspace)
        case .symmetric(let a):
            try a.fusedPass(measurements: y, weight: weight, scale: alpha, workspace: &workspace)
        case .population(let truth):
            guard weight == .residual else {
                throw .dimensionMismatch(routine: "population pass", detail: "only residual weights have this closed form")
            }
            let p = truth.elements.count, batch = workspace.activeBatch, loaded = workspace.models
            truth.elements.withUnsafeBufferPointer { x in
                loaded.elements.withUnsafeBufferPointer { models in
                    workspace.weightedSum.elements.withUnsafeMutableBufferPointer { sums in
                        for j in 0..<batch {
                            for e in 0..<p { sums[j * p + e] = alpha * (models[j * p + e] - x[e]) }
                        }
                    }
                }
            }
        }
    }

    /// Column `column` of the last pass's weighted sums as an n×n matrix: α·Σ φ(rᵢ)Aᵢ (dense,
    /// population) or α·Σ φ(rᵢ)·sym(Aᵢ) (symmetric). O(n²), no allocation.
    public func weightedSum(of workspace: SensingPassWorkspace, column: Int, into g: inout Matrix) {
        switch self {
        case .symmetric(let a):
            a.unpackWeightedSum(workspace.weightedSum, column: column, into: &g)
        case .dense, .population:
            let p = workspace.weightedSum.rows
            precondition(g.elements.count == p && column < workspace.weightedSum.columns, "SensingOperator.weightedSum: shapes do not fit")
            workspace.weightedSum.elements.withUnsafeBufferPointer { sums in
                g.elements.withUnsafeMutableBufferPointer { target in
                    for e in 0..<p { target[e] = sums[column * p + e] }
                }
            }
        }
    }
}
