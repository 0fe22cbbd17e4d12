import NumericsCore

/// Sketch-and-precondition for one row's least-squares problem min_x ‖D·x − y‖₂, D the c×k
/// matrix of the gathered a_iᵀ: a CountSketch S (s×c: each row i of D is added, with a random
/// sign, to one of s = `factor`·k buckets) gives S·D in O(c·k), and its QR factorization
/// S·D = Q·R gives R with DᵀD ≈ RᵀR, so conjugate gradient preconditioned by (RᵀR)⁻¹ converges
/// in a number of iterations that does not grow with the conditioning of D: O(c·k + s·k²) to
/// build, O(c·k) an iteration. The paper's high-accuracy regression solver is of this kind. When
/// c ≤ s, R is that of D itself (the exact preconditioner). Buffers are allocated once.
struct SketchPreconditioner {
    /// k.
    let rank: Int
    /// s.
    let sketchRows: Int
    /// S·D (s×k, column-major), factored in place: R is its upper k×k triangle.
    private var sketch: [Double]
    /// The leading dimension of `sketch` for the current R.
    private var leading = 1
    private var tau: [Double]
    private var work: [Double]
    /// Whether R has a usable (non-negligible) diagonal.
    private(set) var isUsable = false

    /// Buffers for rank k and s = factor·k sketch rows.
    init(rank k: Int, factor: Int) throws(LinearAlgebraError) {
        rank = k
        sketchRows = max(k, factor * k)
        var sketch = [Double](repeating: 0, count: sketchRows * k)
        var tau = [Double](repeating: 0, count: k)
        var size = 0.0
        let s32 = try LAPACKSupport.int32(sketchRows, routine: "dgeqrf"), k32 = try LAPACKSupport.int32(k, routine: "dgeqrf")
        let info = sketch.withUnsafeMutableBufferPointer { b in
            tau.withUnsafeMutableBufferPointer { t in
                LAPACK.geqrf(s32, k32, b.baseAddress, s32, t.baseAddress, work: &size, lwork: -1)
            }
        }
        self.sketch = sketch
        self.tau = tau
        guard info == 0 else { throw .illegalArgument(routine: "dgeqrf", argument: -Int(info)) }
        work = [Double](repeating: 0, count: max(k, Int(size.rounded(.up))))
    }

    /// Builds R for the c gathered rows `a` (k×c, column p is the p-th row of D), drawing the
    /// sketch's buckets and signs from `generator` (one draw a row).
    mutating func prepare(_ a: UnsafePointer<Double>, count c: Int, using generator: inout Xoshiro256StarStar) {
        let k = rank
        isUsable = false
        guard c >= k else { return }
        let rows = min(c, sketchRows)
        leading = rows
        let lwork = Int32(work.count)
        let info: Int32 = sketch.withUnsafeMutableBufferPointer { bb in
            guard let b = bb.baseAddress else { return -1 }
            if c <= sketchRows {
                for p in 0..<c { for l in 0..<k { b[p + l * rows] = a[l + p * k] } }
            } else {
                for e in 0..<(rows * k) { b[e] = 0 }
                let s = UInt64(rows)
                for p in 0..<c {
                    let draw = generator.next()
                    let bucket = Int(((draw >> 32) &* s) >> 32)
                    let sign: Double = draw & 1 == 0 ? 1 : -1
                    for l in 0..<k { b[bucket + l * rows] += sign * a[l + p * k] }
                }
            }
            return tau.withUnsafeMutableBufferPointer { t in
                work.withUnsafeMutableBufferPointer { w in
                    LAPACK.geqrf(Int32(rows), Int32(k), b, Int32(rows), t.baseAddress, work: w.baseAddress, lwork: lwork)
                }
            }
        }
        guard info == 0 else { return }
        var largest = 0.0, smallest = Double.infinity
        for l in 0..<k {
            let d = abs(sketch[l + l * rows])
            largest = max(largest, d)
            smallest = min(smallest, d)
        }
        isUsable = largest.isFinite && smallest > 1e-12 * largest
    }

    /// z = (RᵀR)⁻¹·r: Rᵀw = r forward, then R·z = w back.
    func apply(_ r: UnsafePointer<Double>, into z: UnsafeMutablePointer<Double>) {
        let k = rank, ld = leading
        sketch.withUnsafeBufferPointer { u in
            for i in 0..<k {
                var s = r[i]
                for l in 0..<i { s -= u[l + i * ld] * z[l] }
                z[i] = s / u[i + i * ld]
            }
            for i in stride(from: k - 1, through: 0, by: -1) {
                var s = z[i]
                for l in (i + 1)..<k { s -= u[i + l * ld] * z[l] }
                z[i] = s / u[i + i * ld]
            }
        }
    }
}
