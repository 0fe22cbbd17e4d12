extension Cholesky {
    /// The in-place variant of `Cholesky` for small matrices, without LAPACK: H = UᵀU of a
    /// symmetric positive definite d×d matrix (column-major, upper triangle read), with forward
    /// and back substitution, into storage allocated once. For the d×d Newton and Lewis systems
    /// inside per-row loops, where a LAPACK call per row would cost more than the factorization
    /// (d is at most a few dozen). Entry (j, i), j ≤ i, of the upper triangle sits at `i·d + j`.
    public struct Small: Sendable {
        /// d.
        public let size: Int
        /// U, column-major, upper triangle.
        public private(set) var factor: [Double]

        /// Creates storage for d×d factorizations.
        public init(size: Int) {
            self.size = size
            factor = [Double](repeating: 0, count: size * size)
        }

        /// Factorizes `h` (column-major d×d, symmetric; its upper triangle is read). Returns false
        /// when a pivot is not positive.
        public mutating func factorize(_ h: [Double]) -> Bool {
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

        /// Solves H x = b in place (b becomes x): Uᵀy = b, then Ux = y.
        public func solve(_ b: inout [Double]) {
            let d = size
            factor.withUnsafeBufferPointer { u in
                b.withUnsafeMutableBufferPointer { x in
                    guard let x = x.baseAddress else { return }
                    Self.forwardSubstitute(u, d, UnsafePointer(x), into: x)
                    for i in stride(from: d - 1, through: 0, by: -1) {
                        var s = x[i]
                        for k in (i + 1)..<d { s -= u[k * d + i] * x[k] }
                        x[i] = s / u[i * d + i]
                    }
                }
            }
        }

        /// ‖U⁻ᵀ b‖² = bᵀ H⁻¹ b, using `work` (d entries) as scratch.
        public func inverseQuadraticForm(_ b: UnsafeBufferPointer<Double>, work: inout [Double]) -> Double {
            let d = size
            var total = 0.0
            factor.withUnsafeBufferPointer { u in
                work.withUnsafeMutableBufferPointer { y in
                    guard let y = y.baseAddress, let b = b.baseAddress else { return }
                    Self.forwardSubstitute(u, d, b, into: y)
                    for i in 0..<d { total += y[i] * y[i] }
                }
            }
            return total
        }

        /// y ← U⁻ᵀb, forward substitution with Uᵀ (`y` may be `b`: each bᵢ is read before yᵢ is written).
        static func forwardSubstitute(_ u: UnsafeBufferPointer<Double>, _ d: Int, _ b: UnsafePointer<Double>,
                                      into y: UnsafeMutablePointer<Double>) {
            for i in 0..<d {
                var s = b[i]
                for k in 0..<i { s -= u[i * d + k] * y[k] }
                y[i] = s / u[i * d + i]
            }
        }
    }
}
