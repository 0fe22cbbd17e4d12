import NumericsCore

/// op(A)·op(B) by the textbook triple loop: the independent reference for BLAS products.
func naiveProduct(_ a: Matrix, _ b: Matrix, _ transA: Transpose = .none, _ transB: Transpose = .none) -> Matrix {
    let opA = transA == .none ? a : a.transposed
    let opB = transB == .none ? b : b.transposed
    precondition(opA.columns == opB.rows)
    var c = Matrix(rows: opA.rows, columns: opB.columns)
    for i in 0..<opA.rows {
        for j in 0..<opB.columns {
            var sum = 0.0
            for k in 0..<opA.columns {
                sum += opA[i, k] * opB[k, j]
            }
            c[i, j] = sum
        }
    }
    return c
}

/// max_ij |a_ij − b_ij|; infinity when the shapes differ.
func maxAbsDifference(_ a: Matrix, _ b: Matrix) -> Double {
    guard a.rows == b.rows, a.columns == b.columns else { return .infinity }
    return zip(a.elements, b.elements).map { abs($0 - $1) }.max() ?? 0
}

/// max_i |x_i − y_i|; infinity when the lengths differ.
func maxAbsDifference(_ x: [Double], _ y: [Double]) -> Double {
    guard x.count == y.count else { return .infinity }
    return zip(x, y).map { abs($0 - $1) }.max() ?? 0
}

/// A reproducible N(0, 1) matrix.
func randomMatrix(_ rows: Int, _ columns: Int, seed: UInt64) -> Matrix {
    var generator = Xoshiro256StarStar(seed: seed)
    return Matrix.gaussian(rows: rows, columns: columns, using: &generator)
}

/// A reproducible symmetric positive definite n×n matrix BᵀB + n·I, by naive loops.
func randomSPD(_ n: Int, seed: UInt64) -> Matrix {
    let b = randomMatrix(n, n, seed: seed)
    return naiveProduct(b, b, .transpose, .none) + Double(n) * Matrix.identity(n)
}

/// The base address of an array's storage, to check that an in-place routine did not reallocate.
func storageAddress(_ x: [Double]) -> UnsafeRawPointer? {
    x.withUnsafeBufferPointer { UnsafeRawPointer($0.baseAddress) }
}
