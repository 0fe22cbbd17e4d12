import NumericsCore

/// The measurement operator 𝒜(M) = (⟨A₁, M⟩, …, ⟨A_m, M⟩) restricted to symmetric M, stored
/// packed: for each measurement the upper triangle of sym(Aᵢ) = (Aᵢ + Aᵢᵀ)/2 with the
/// off-diagonal entries doubled, Pᵢ[jk] = (Aᵢ)_jk + (Aᵢ)_kj (j < k), Pᵢ[kk] = (Aᵢ)_kk, so that
/// ⟨Aᵢ, M⟩ = Σ_{j≤k} Pᵢ[jk]·M[jk] for every symmetric M: n(n+1)/2 numbers per measurement
/// instead of n².
///
/// Packed index of (j, k), j ≤ k: j + k(k+1)/2 (LAPACK's upper packed order). Column i of
/// `packed` is measurement i, so a block of measurements is a contiguous block of memory.
public struct SymmetricSensingOperator: Sendable {
    /// n, the side of the matrices Aᵢ and M.
    public let n: Int
    /// m, the number of measurements.
    public let measurementCount: Int
    /// P, n(n+1)/2 × m: column i is the packed, off-diagonal-doubled upper triangle of sym(Aᵢ).
    public let packed: Matrix

    /// n(n+1)/2, the numbers per measurement.
    public var packedCount: Int { packed.rows }

    /// The packed position of entry (j, k) with j ≤ k.
    @inlinable public static func packedIndex(row j: Int, column k: Int) -> Int { j + k * (k + 1) / 2 }

    /// Packs m measurement matrices given as the columns of an n²×m matrix (column i is
    /// vec(Aᵢ), column-major). Precondition: `columns.rows == n²`.
    public init(measurementColumns columns: Matrix, n: Int) {
        precondition(columns.rows == n * n, "SymmetricSensingOperator: \(columns.rows) rows are not n² = \(n * n)")
        self.init(n: n, measurementCount: columns.columns) { i, j, k in
            columns.elements[j + k * n + i * n * n]
        }
    }

    /// Draws m Gaussian matrices Aᵢ with i.i.d. N(0, 1) entries, A₁ first, each in column-major
    /// order (the same draws, in the same order, as `Matrix.gaussian(rows: n², columns: m)`),
    /// and packs them without ever holding the n²×m operator.
    public init(gaussianWithSide n: Int, measurementCount m: Int, using generator: inout Xoshiro256StarStar) {
        var matrix = [Double](repeating: 0, count: n * n)
        let np = n * (n + 1) / 2
        var elements = [Double](repeating: 0, count: np * m)
        for i in 0..<m {
            generator.fillNormal(&matrix)
            Self.packMeasurement(matrix, n: n, into: &elements, offset: i * np)
        }
        self.n = n
        measurementCount = m
        packed = Matrix(rows: np, columns: m, columnMajor: elements)
    }

    /// Packs measurement i from its entries (Aᵢ)_jk = `entry(i, j, k)`.
    init(n: Int, measurementCount m: Int, entry: (Int, Int, Int) -> Double) {
        let np = n * (n + 1) / 2
        var elements = [Double](repeating: 0, count: np * m)
        for i in 0..<m {
            for k in 0..<n {
                for j in 0..<k {
                    elements[i * np + Self.packedIndex(row: j, column: k)] = entry(i, j, k) + entry(i, k, j)
                }
                elements[i * np + Self.packedIndex(row: k, column: k)] = entry(i, k, k)
            }
        }
        self.n = n
        measurementCount = m
        packed = Matrix(rows: np, columns: m, columnMajor: elements)
    }

    /// Writes the packed form of one n×n matrix `a` (column-major) at `offset` of `elements`.
    static func packMeasurement(_ a: [Double], n: Int, into elements: inout [Double], offset: Int) {
        a.withUnsafeBufferPointer { a in
            elements.withUnsafeMutableBufferPointer { e in
                var index = offset
                for k in 0..<n {
                    for j in 0..<k {
                        e[index] = a[j + k * n] + a[k + j * n]
                        index += 1
                    }
                    e[index] = a[k + k * n]
                    index += 1
                }
            }
        }
    }

    /// Buffers for fused passes over this operator with a batch of B models
    /// (`blockSize` measurements per block; by default as many as fill half the L2 cache).
    public func makeWorkspace(batch: Int, blockSize: Int? = nil) -> SensingPassWorkspace {
        SensingPassWorkspace(measurementCount: measurementCount, entriesPerMeasurement: packedCount, batch: batch, blockSize: blockSize)
    }

    /// Writes the upper triangle of the symmetric n×n `m` (its entries M[jk], j ≤ k) into column
    /// `column` of `models` (n(n+1)/2 rows). Only the upper triangle of `m` is read. O(n²), no
    /// allocation.
    public func pack(_ m: Matrix, into models: inout Matrix, column: Int) {
        precondition(m.rows == n && m.columns == n && models.rows == packedCount && column < models.columns,
                     "SymmetricSensingOperator.pack: shapes do not fit")
        let n = self.n
        let offset = column * models.rows
        m.elements.withUnsafeBufferPointer { source in
            models.elements.withUnsafeMutableBufferPointer { target in
                var index = offset
                for k in 0..<n {
                    for j in 0...k {
                        target[index] = source[j + k * n]
                        index += 1
                    }
                }
            }
        }
    }

    /// Unpacks column `column` of a weighted sum G = Σ wᵢPᵢ (from `fusedPass`) into the full
    /// symmetric n×n matrix Σ wᵢ·sym(Aᵢ): diagonal entries as they are, off-diagonal entries
    /// halved into both triangles. O(n²), no allocation.
    public func unpackWeightedSum(_ sums: Matrix, column: Int, into full: inout Matrix) {
        precondition(full.rows == n && full.columns == n && sums.rows == packedCount && column < sums.columns,
                     "SymmetricSensingOperator.unpackWeightedSum: shapes do not fit")
        let n = self.n
        let offset = column * sums.rows
        sums.elements.withUnsafeBufferPointer { source in
            full.elements.withUnsafeMutableBufferPointer { target in
                for k in 0..<n {
                    let columnStart = offset + Self.packedIndex(row: 0, column: k)
                    target[k + k * n] = source[columnStart + k]
                    for j in 0..<k {
                        let half = 0.5 * source[columnStart + j]
                        target[j + k * n] = half
                        target[k + j * n] = half
                    }
                }
            }
        }
    }

    /// One fused pass for the packed models in `workspace.models`: residuals
    /// R = 𝒜(M) − y (m×B) and G = α·Σᵢ φ(rᵢ)·Pᵢ (packed, n(n+1)/2 × B), reading each block of
    /// measurements once (gemv for B = 1, gemm for B > 1). `unpackWeightedSum` turns a column
    /// of G into α·Σ φ(rᵢ)·sym(Aᵢ). Does not allocate. Throws `dimensionMismatch` when the
    /// workspace or y do not fit.
    public func fusedPass(
        measurements y: [Double], weight: MeasurementWeight, scale alpha: Double, workspace: inout SensingPassWorkspace
    ) throws(LinearAlgebraError) {
        try FusedSensingPass.run(packed.elements, measurements: y, weight: weight, scale: alpha, workspace: &workspace)
    }

    /// 𝒜(M) for one symmetric n×n M (upper triangle read), as a new vector (`dgemv`).
    public func apply(_ m: Matrix) throws(LinearAlgebraError) -> [Double] {
        var models = Matrix(rows: packedCount, columns: 1)
        pack(m, into: &models, column: 0)
        var y = [Double](repeating: 0, count: measurementCount)
        try BLAS.gemv(.transpose, packed, models.elements, into: &y)
        return y
    }
}
