import ExperimentKit
import NumericsCore

/// The matrix families of the suite (`matrix:`).
public enum MatrixFamily: String, Sendable, CaseIterable {
    /// A ∈ R^{n×d} with i.i.d. N(0, 1) entries: flat sensitivities.
    case gaussian
    /// Gaussian rows each scaled by an independent Student-t(ν) draw: spiky sensitivities.
    case heavyTailed = "heavy-tailed"
    /// k "identity-like" coordinates, each carried only by b copies of a row ∝ e_j
    /// (scale 1 + 0.1·N(0,1)), plus a flat Gaussian block on the other d − k coordinates:
    /// 𝔖 = k + 𝔖(Gaussian block), so 𝔖 varies with k at fixed d.
    case blockSpiky = "block-spiky"
    /// Chebyshev features T_0..T_{d−1}(t) of t ~ Uniform[−1, 1] (polynomial regression design).
    case polynomial
    /// G H / √r (G n×r, H r×d Gaussian) plus a sparse matrix whose nonzeros (each entry with
    /// probability `sparse_fraction`) are `sparse_scale`·N(0, 1).
    case lowRankPlusSparse = "low-rank-plus-sparse"
    /// A CSV or NumPy .npy file (`path`), read by the data layer when the spec is loaded.
    case file
}

/// The parameters of a synthetic family.
struct FamilyShape: Sendable {
    /// n.
    var rowCount: Int
    /// d.
    var dimension: Int
    /// ν of the Student-t row scales (heavy-tailed).
    var tailDegrees: Double
    /// k, spiky coordinates (block-spiky).
    var spikes: Int
    /// b, rows per spiky coordinate (block-spiky).
    var spikeRows: Int
    /// r, rank of the low-rank part.
    var lowRank: Int
    /// Probability of a nonzero sparse entry.
    var sparseFraction: Double
    /// Scale of the sparse entries.
    var sparseScale: Double
}

extension MatrixFamily {
    /// Draws the matrix (for `file`, takes `file`, the matrix the data layer read).
    func matrix(_ shape: FamilyShape, file: MatrixInput?, using g: inout Xoshiro256StarStar) throws(SensitivityError) -> Matrix {
        let n = shape.rowCount, d = shape.dimension
        switch self {
        case .gaussian:
            return Matrix.gaussian(rows: n, columns: d, using: &g)
        case .heavyTailed:
            var a = Matrix.gaussian(rows: n, columns: d, using: &g)
            for i in 0..<n {
                let s = g.nextStudentT(degreesOfFreedom: shape.tailDegrees)
                for j in 0..<d { a[i, j] *= s }
            }
            return a
        case .blockSpiky:
            let k = shape.spikes, b = shape.spikeRows
            var a = Matrix(rows: n, columns: d)
            var i = 0
            for j in 0..<k {
                for _ in 0..<b {
                    a[i, j] = 1 + 0.1 * g.nextNormal()
                    i += 1
                }
            }
            while i < n {
                for j in k..<d { a[i, j] = g.nextNormal() }
                i += 1
            }
            return a
        case .polynomial:
            var a = Matrix(rows: n, columns: d)
            for i in 0..<n {
                let t = 2 * g.nextUniform() - 1
                var previous = 1.0, current = t
                a[i, 0] = 1
                if d > 1 { a[i, 1] = t }
                if d > 2 {
                    for j in 2..<d {
                        let next = 2 * t * current - previous
                        a[i, j] = next
                        previous = current
                        current = next
                    }
                }
            }
            return a
        case .lowRankPlusSparse:
            let r = shape.lowRank
            let left = Matrix.gaussian(rows: n, columns: r, using: &g)
            let right = Matrix.gaussian(rows: r, columns: d, scale: 1 / Double(r).squareRoot(), using: &g)
            var a: Matrix
            do { a = try BLAS.product(left, right) } catch { throw .linearAlgebra("\(error)") }
            for j in 0..<d {
                for i in 0..<n where g.nextBernoulli(shape.sparseFraction) {
                    a[i, j] += shape.sparseScale * g.nextNormal()
                }
            }
            return a
        case .file:
            guard let file else { throw .badShape("matrix: file needs `path`, a .csv or .npy file") }
            return Matrix(rows: file.rows, columns: file.columns, columnMajor: file.entries)
        }
    }
}
