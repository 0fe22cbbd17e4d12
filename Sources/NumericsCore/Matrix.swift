/// A dense real matrix of `Double` in column-major storage with value semantics.
///
/// Entry (i, j) is `elements[i + j * rows]`, the layout BLAS and LAPACK expect
/// (`CblasColMajor`, `LAPACK_COL_MAJOR`), so wrappers pass `elements` without copying.
public struct Matrix: Sendable, Equatable, CustomStringConvertible {
    /// Number of rows.
    public let rows: Int
    /// Number of columns.
    public let columns: Int
    /// The entries in column-major order; `count == rows * columns`.
    public var elements: [Double]

    /// A `rows × columns` matrix with every entry equal to `value`.
    public init(rows: Int, columns: Int, repeating value: Double = 0) {
        precondition(rows >= 0 && columns >= 0, "Matrix dimensions must be non-negative")
        self.rows = rows
        self.columns = columns
        self.elements = Array(repeating: value, count: rows * columns)
    }

    /// A `rows × columns` matrix from its entries in column-major order.
    /// Precondition: `elements.count == rows * columns`.
    public init(rows: Int, columns: Int, columnMajor elements: [Double]) {
        precondition(rows >= 0 && columns >= 0, "Matrix dimensions must be non-negative")
        precondition(elements.count == rows * columns,
                     "Matrix(rows: \(rows), columns: \(columns)) needs \(rows * columns) elements, got \(elements.count)")
        self.rows = rows
        self.columns = columns
        self.elements = elements
    }

    /// A matrix from row arrays, written as it reads: `Matrix([[1, 2], [3, 4]])`.
    /// Precondition: all rows have the same length. `[]` gives a 0 × 0 matrix.
    public init(_ rowArrays: [[Double]]) {
        let rowCount = rowArrays.count
        let columnCount = rowArrays.first?.count ?? 0
        precondition(rowArrays.allSatisfy { $0.count == columnCount }, "Matrix rows must all have the same length")
        var elements = [Double](repeating: 0, count: rowCount * columnCount)
        for (i, row) in rowArrays.enumerated() {
            for (j, value) in row.enumerated() {
                elements[i + j * rowCount] = value
            }
        }
        self.init(rows: rowCount, columns: columnCount, columnMajor: elements)
    }

    /// The `n × n` identity matrix.
    public static func identity(_ n: Int) -> Matrix {
        diagonal(Array(repeating: 1, count: n))
    }

    /// The square matrix with `d` on its diagonal and zeros elsewhere.
    public static func diagonal(_ d: [Double]) -> Matrix {
        var m = Matrix(rows: d.count, columns: d.count)
        for (i, value) in d.enumerated() {
            m.elements[i + i * d.count] = value
        }
        return m
    }

    /// Entry (row, column), zero-based. Precondition: indices in range.
    public subscript(row: Int, column: Int) -> Double {
        get {
            precondition(row >= 0 && row < rows && column >= 0 && column < columns, "Matrix index out of range")
            return elements[row + column * rows]
        }
        set {
            precondition(row >= 0 && row < rows && column >= 0 && column < columns, "Matrix index out of range")
            elements[row + column * rows] = newValue
        }
    }

    /// The transpose Aᵀ, a new `columns × rows` matrix.
    public var transposed: Matrix {
        var t = Matrix(rows: columns, columns: rows)
        transpose(into: &t)
        return t
    }

    /// t ← Aᵀ into the `columns × rows` matrix `t` (no allocation when `t` is uniquely
    /// referenced). Precondition: `t` has that shape.
    public func transpose(into t: inout Matrix) {
        precondition(t.rows == columns && t.columns == rows, "Matrix transpose: shapes do not fit")
        let rows = self.rows, columns = self.columns
        elements.withUnsafeBufferPointer { a in
            t.elements.withUnsafeMutableBufferPointer { target in
                for j in 0..<columns {
                    for i in 0..<rows { target[j + i * columns] = a[i + j * rows] }
                }
            }
        }
    }

    /// Column `j` as an array of `rows` entries. Precondition: `j` in range.
    public func column(_ j: Int) -> [Double] {
        precondition(j >= 0 && j < columns, "Matrix column index out of range")
        return Array(elements[(j * rows)..<((j + 1) * rows)])
    }

    /// ‖A‖_F = √(Σ a_ij²), computed by `cblas_dnrm2` (scaled, so it does not overflow early).
    public var frobeniusNorm: Double {
        BLAS.nrm2(elements)
    }

    /// ‖A − B‖_F, without forming A − B (no allocation: used once per iteration by the models'
    /// error curves). Precondition: equal shapes.
    public func frobeniusDistance(to other: Matrix) -> Double {
        precondition(rows == other.rows && columns == other.columns,
                     "Matrix distance: shapes \(rows)×\(columns) and \(other.rows)×\(other.columns) differ")
        return elements.withUnsafeBufferPointer { a in
            other.elements.withUnsafeBufferPointer { b in
                var sum = 0.0
                for i in 0..<a.count {
                    let d = a[i] - b[i]
                    sum += d * d
                }
                return sum.squareRoot()
            }
        }
    }

    /// Entrywise sum A + B. Precondition: equal shapes (use `BLAS.axpy` to add in place).
    public static func + (a: Matrix, b: Matrix) -> Matrix {
        precondition(a.rows == b.rows && a.columns == b.columns,
                     "Matrix +: shapes \(a.rows)×\(a.columns) and \(b.rows)×\(b.columns) differ")
        var sum = a
        for k in sum.elements.indices {
            sum.elements[k] += b.elements[k]
        }
        return sum
    }

    /// Entrywise difference A − B. Precondition: equal shapes.
    public static func - (a: Matrix, b: Matrix) -> Matrix {
        precondition(a.rows == b.rows && a.columns == b.columns,
                     "Matrix -: shapes \(a.rows)×\(a.columns) and \(b.rows)×\(b.columns) differ")
        var difference = a
        for k in difference.elements.indices {
            difference.elements[k] -= b.elements[k]
        }
        return difference
    }

    /// The scalar multiple s·A.
    public static func * (s: Double, a: Matrix) -> Matrix {
        var product = a
        for k in product.elements.indices {
            product.elements[k] *= s
        }
        return product
    }

    /// Whether both matrices have the same shape and max_ij |a_ij − b_ij| ≤ `tolerance`
    /// (absolute). A NaN entry makes the result `false`.
    public func isApproximatelyEqual(to other: Matrix, tolerance: Double) -> Bool {
        guard rows == other.rows, columns == other.columns else { return false }
        for k in elements.indices where !(abs(elements[k] - other.elements[k]) <= tolerance) {
            return false
        }
        return true
    }

    /// A `rows × columns` matrix of i.i.d. N(0, 1)·`scale` entries, drawn column by column
    /// (that is, in storage order) from `generator` with `fillNormal`.
    public static func gaussian(rows: Int, columns: Int, scale: Double = 1, using generator: inout Xoshiro256StarStar) -> Matrix {
        var m = Matrix(rows: rows, columns: columns)
        generator.fillNormal(&m.elements, scale: scale)
        return m
    }

    /// The shape, then the rows; at most 8 rows and 8 columns are shown.
    public var description: String {
        let shownRows = min(rows, 8)
        let shownColumns = min(columns, 8)
        var lines = ["\(rows)×\(columns) Matrix"]
        for i in 0..<shownRows {
            var entries = (0..<shownColumns).map { "\(elements[i + $0 * rows])" }
            if shownColumns < columns { entries.append("…") }
            lines.append("[" + entries.joined(separator: ", ") + "]")
        }
        if shownRows < rows { lines.append("…") }
        return lines.joined(separator: "\n")
    }
}

/// Whether an operand enters a BLAS product as itself or transposed.
public enum Transpose: Sendable {
    /// op(A) = A.
    case none
    /// op(A) = Aᵀ.
    case transpose
}

/// Which triangle of a symmetric or triangular matrix a routine reads or writes.
public enum Triangle: Sendable {
    /// Entries with row ≤ column.
    case upper
    /// Entries with row ≥ column.
    case lower
}
