import ExperimentKit
import NumericsCore

/// How each row of a factor is updated: the solver, its accuracy and the update error.
public struct UpdateSettings: Sendable {
    public var solver: UpdateSolver
    /// ε and the iteration cap of the cg and sketched solvers.
    public var tolerance: Double
    public var maxIterations: Int
    /// Whether ε is relative to the warm start's residual (else to ‖b‖).
    public var relativeToStart: Bool
    /// s/k of the sketched solver.
    public var sketchFactor: Int
    /// δ.
    public var updateError: Double

    /// Creates settings.
    public init(solver: UpdateSolver, tolerance: Double = 1e-10, maxIterations: Int = 100,
                relativeToStart: Bool = false, sketchFactor: Int = 4, updateError: Double = 0) {
        self.solver = solver
        self.tolerance = tolerance
        self.maxIterations = maxIterations
        self.relativeToStart = relativeToStart
        self.sketchFactor = sketchFactor
        self.updateError = updateError
    }
}

/// The iterations of alternating minimization from given factors:
///
///     V ← argmin_V ‖P_Ω(UVᵀ − M)‖_F²,   V ← QR(V), U ← U·Rᵀ
///     U ← argmin_U ‖P_Ω(UVᵀ − M)‖_F²,   U ← QR(U), V ← V·Rᵀ
///
/// (`HalfStep` per argmin, `FactorBasis` per QR). After each iteration U has orthonormal columns
/// and X = UVᵀ. Factors are stored transposed (k×m and k×n). All buffers are allocated in
/// `init`: an iteration allocates nothing.
public struct AlternatingMinimization {
    /// Uᵀ, k×m.
    public private(set) var u: Matrix
    /// Vᵀ, k×n.
    public private(set) var v: Matrix
    /// Row solves, conjugate-gradient iterations and deficient rows so far.
    private(set) var counts = UpdateCounts()
    /// P_Ω(M), both orientations.
    let observed: ObservedEntries
    private var columnStep: HalfStep
    private var rowStep: HalfStep
    private var columnBasis: FactorBasis
    private var rowBasis: FactorBasis

    /// Starts from the factors Uᵀ (k×m) and Vᵀ (k×n) of `observed`; the sketches and the update
    /// errors draw from the streams "sketch" and "update-error" of `seeds.algorithm` (index 0 for
    /// the update of V, 1 for that of U).
    public init(observed: ObservedEntries, u: Matrix, v: Matrix, settings: UpdateSettings, seeds: RunSeeds) throws {
        let k = u.rows, m = observed.rowCount, n = observed.columnCount
        self.observed = observed
        // Own copies: factors that shared storage with the caller's would be copied on the first
        // write inside an iteration.
        self.u = Matrix(rows: u.rows, columns: u.columns, columnMajor: u.elements.withUnsafeBufferPointer { Array($0) })
        self.v = Matrix(rows: v.rows, columns: v.columns, columnMajor: v.elements.withUnsafeBufferPointer { Array($0) })
        columnStep = try HalfStep(rank: k, longest: observed.byColumn.longest, settings: settings,
                                  sketchSeed: seeds.algorithmStream("sketch", index: 0),
                                  errorSeed: seeds.algorithmStream("update-error", index: 0))
        rowStep = try HalfStep(rank: k, longest: observed.byRow.longest, settings: settings,
                               sketchSeed: seeds.algorithmStream("sketch", index: 1),
                               errorSeed: seeds.algorithmStream("update-error", index: 1))
        columnBasis = try FactorBasis(rank: k, solvedRows: n, otherRows: m)
        rowBasis = try FactorBasis(rank: k, solvedRows: m, otherRows: n)
    }

    /// One iteration. Returns false, leaving the factors as they were after the failing update,
    /// when an updated factor has an entry that is not finite.
    public mutating func iterate() throws -> Bool {
        columnStep.update(&v, fixed: u, entries: observed.byColumn, counts: &counts)
        guard try columnBasis.orthonormalize(&v, pushInto: &u) else { return false }
        rowStep.update(&u, fixed: v, entries: observed.byRow, counts: &counts)
        return try rowBasis.orthonormalize(&u, pushInto: &v)
    }
}
