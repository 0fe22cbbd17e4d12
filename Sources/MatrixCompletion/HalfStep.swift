import NumericsCore

/// How each row of a factor is updated.
public enum UpdateSolver: String, Sendable, CaseIterable {
    /// Normal equations and Cholesky (`NormalEquations`): JNS13's exact update.
    case exact
    /// Conjugate gradient on the normal equations, warm-started, to relative accuracy ε.
    case cg
    /// Conjugate gradient preconditioned by a sketch's R (`SketchPreconditioner`).
    case sketched
}

/// The counts of one or more half-steps.
struct UpdateCounts {
    /// Rows solved.
    var solves = 0
    /// Conjugate-gradient iterations over those solves.
    var conjugateGradientIterations = 0
    /// Rows whose normal equations were not positive definite (fewer than k entries, or entries
    /// whose factor rows do not span R^k): regularized (exact) or solved unpreconditioned (sketched).
    var deficient = 0
}

/// One half-step of alternating minimization: with one factor F fixed, every row x_o of the
/// other solves min_x Σ_{i∈Ω_o} (f_iᵀx − M_oi)² (the columns of M give the rows of V, the rows
/// of M those of U): `solver` per row, then the optional update error. The factors are stored
/// transposed (k×m and k×n, the k entries of a row contiguous), so gathering the f_i of a row's
/// entries copies contiguous blocks (k×c, column p is f_i of the p-th entry); the exact solver
/// gathers the transpose instead, with the values M_oi as a last column: the c×(k+1) [D y] of
/// `NormalEquations`. Every buffer is allocated in `init`.
struct HalfStep {
    /// k.
    let rank: Int
    let solver: UpdateSolver
    /// The gathered f_i, k×c, or [D y], c×(k+1), for the exact solver (c ≤ longest).
    private var gathered: [Double]
    private var normal: NormalEquations
    private var conjugateGradient: ConjugateGradientSolve
    private var preconditioner: SketchPreconditioner?
    private var sketchGenerator: Xoshiro256StarStar
    private var updateError: UpdateError?

    /// Buffers for rank k and rows of up to `longest` entries, for `settings`. The sketches draw
    /// from `sketchSeed`, the update errors (δ > 0) from `errorSeed`.
    init(rank k: Int, longest: Int, settings: UpdateSettings, sketchSeed: UInt64, errorSeed: UInt64)
    throws(LinearAlgebraError) {
        rank = k
        solver = settings.solver
        gathered = [Double](repeating: 0, count: (k + 1) * max(1, longest))
        normal = NormalEquations(rank: k)
        conjugateGradient = ConjugateGradientSolve(rank: k, longest: longest, tolerance: settings.tolerance,
                                                   maxIterations: settings.maxIterations,
                                                   relativeToStart: settings.relativeToStart)
        preconditioner = solver == .sketched ? try SketchPreconditioner(rank: k, factor: settings.sketchFactor) : nil
        sketchGenerator = Xoshiro256StarStar(seed: sketchSeed)
        updateError = settings.updateError > 0
            ? UpdateError(relativeSize: settings.updateError, rank: k, seed: errorSeed) : nil
    }

    /// [D y] (c×(k+1), column-major, leading dimension c) of c entries: row p is the k entries of
    /// the factor's row `indices[p]` (`factor` k×N, a row's entries contiguous) and `values[p]`.
    /// Two entries at a time, two factor entries a load: each pair of loads is stored transposed
    /// as two pairs of D's columns.
    private static func gatherTransposed(_ factor: UnsafePointer<Double>, rank k: Int, indices: UnsafePointer<Int32>?,
                                         values: UnsafePointer<Double>, count c: Int, into d: UnsafeMutablePointer<Double>) {
        guard let indices else { return }
        var p = 0
        while p + 1 < c {
            let first = factor + Int(indices[p]) * k, second = factor + Int(indices[p + 1]) * k
            var l = 0
            while l + 1 < k {
                let r = UnsafeRawPointer(first + l).loadUnaligned(as: SIMD2<Double>.self)
                let s = UnsafeRawPointer(second + l).loadUnaligned(as: SIMD2<Double>.self)
                UnsafeMutableRawPointer(d + p + l * c).storeBytes(of: SIMD2(r[0], s[0]), as: SIMD2<Double>.self)
                UnsafeMutableRawPointer(d + p + (l + 1) * c).storeBytes(of: SIMD2(r[1], s[1]), as: SIMD2<Double>.self)
                l += 2
            }
            if l < k {
                d[p + l * c] = first[l]
                d[p + 1 + l * c] = second[l]
            }
            d[p + k * c] = values[p]
            d[p + 1 + k * c] = values[p + 1]
            p += 2
        }
        if p < c {
            let row = factor + Int(indices[p]) * k
            for l in 0..<k { d[p + l * c] = row[l] }
            d[p + k * c] = values[p]
        }
    }

    /// Updates every row of `target` (k×entries.outerCount; its rows are the warm starts) given
    /// `fixed` (k×entries.innerCount).
    mutating func update(_ target: inout Matrix, fixed: Matrix, entries: CompressedEntries, counts: inout UpdateCounts) {
        let k = rank, augmented = solver == .exact
        fixed.elements.withUnsafeBufferPointer { fb in
            target.elements.withUnsafeMutableBufferPointer { xb in
                entries.indices.withUnsafeBufferPointer { idx in
                    entries.values.withUnsafeBufferPointer { val in
                        guard let f = fb.baseAddress, let xs = xb.baseAddress, let values = val.baseAddress else { return }
                        for o in 0..<entries.outerCount {
                            let first = entries.starts[o], c = entries.starts[o + 1] - first
                            let x = xs + o * k, y = values + first
                            gathered.withUnsafeMutableBufferPointer { gb in
                                guard let a = gb.baseAddress else { return }
                                if augmented {
                                    Self.gatherTransposed(f, rank: k, indices: idx.baseAddress.map { $0 + first },
                                                          values: y, count: c, into: a)
                                } else {
                                    for p in 0..<c {
                                        let source = f + Int(idx[first + p]) * k, column = a + p * k
                                        for l in 0..<k { column[l] = source[l] }
                                    }
                                }
                                updateError?.remember(x)
                                counts.solves += 1
                                switch solver {
                                case .exact:
                                    if !normal.solve(augmented: a, count: c, into: x) { counts.deficient += 1 }
                                case .cg:
                                    counts.conjugateGradientIterations += conjugateGradient.solve(
                                        a, count: c, values: y, into: x, preconditioner: nil)
                                case .sketched:
                                    preconditioner?.prepare(a, count: c, using: &sketchGenerator)
                                    let usable = preconditioner?.isUsable == true
                                    if !usable { counts.deficient += 1 }
                                    counts.conjugateGradientIterations += conjugateGradient.solve(
                                        a, count: c, values: y, into: x, preconditioner: usable ? preconditioner : nil)
                                }
                                updateError?.perturb(x)
                            }
                        }
                    }
                }
            }
        }
    }
}
