/// In-place Cholesky factorization H = LLᵀ of a small symmetric positive definite d×d
/// matrix (row-major, lower triangle read), with forward/back substitution. Used for the
/// d×d Newton and Lewis systems inside per-row loops, where a LAPACK call per row would
/// allocate; d is at most a few dozen.
struct SmallCholesky {
    /// d.
    let size: Int
    /// L, row-major, lower triangle.
    private(set) var factor: [Double]

    /// Creates storage for d×d factorizations.
    init(size: Int) {
        self.size = size
        factor = [Double](repeating: 0, count: size * size)
    }

    /// Factorizes `h` (row-major d×d, symmetric). Returns false when a pivot is not positive.
    mutating func factorize(_ h: [Double]) -> Bool {
        let d = size
        var ok = true
        factor.withUnsafeMutableBufferPointer { l in
            h.withUnsafeBufferPointer { a in
                for i in 0..<d {
                    for j in 0...i {
                        var s = a[i * d + j]
                        for k in 0..<j { s -= l[i * d + k] * l[j * d + k] }
                        if i == j {
                            guard s > 0, s.isFinite else { ok = false; return }
                            l[i * d + i] = s.squareRoot()
                        } else {
                            l[i * d + j] = s / l[j * d + j]
                        }
                    }
                }
            }
        }
        return ok
    }

    /// Solves H x = b in place (b becomes x).
    func solve(_ b: inout [Double]) {
        let d = size
        factor.withUnsafeBufferPointer { l in
            b.withUnsafeMutableBufferPointer { x in
                for i in 0..<d {
                    var s = x[i]
                    for k in 0..<i { s -= l[i * d + k] * x[k] }
                    x[i] = s / l[i * d + i]
                }
                for i in stride(from: d - 1, through: 0, by: -1) {
                    var s = x[i]
                    for k in (i + 1)..<d { s -= l[k * d + i] * x[k] }
                    x[i] = s / l[i * d + i]
                }
            }
        }
    }

    /// ‖L⁻¹ b‖² = bᵀ H⁻¹ b, using `work` (d entries) as scratch.
    func inverseQuadraticForm(_ b: UnsafeBufferPointer<Double>, work: inout [Double]) -> Double {
        let d = size
        var total = 0.0
        factor.withUnsafeBufferPointer { l in
            work.withUnsafeMutableBufferPointer { y in
                for i in 0..<d {
                    var s = b[i]
                    for k in 0..<i { s -= l[i * d + k] * y[k] }
                    y[i] = s / l[i * d + i]
                    total += y[i] * y[i]
                }
            }
        }
        return total
    }
}
