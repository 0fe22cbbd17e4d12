import NumericsCore

/// The planted ground truth of a low-rank sensing problem: M* = U·diag(s)·Uᵀ, PSD of rank r,
/// where U is the orthonormal Q factor of an n×r matrix of i.i.d. N(0, 1) entries.
public struct PlantedLowRank: Sendable {
    /// U, n×r with orthonormal columns; column j belongs to s_j.
    public let basis: Matrix
    /// M*, n×n.
    public let matrix: Matrix

    /// Draws U from `generator` (n·r normals, column by column) and forms M*.
    public init(side n: Int, spectrum: [Double], using generator: inout Xoshiro256StarStar) throws {
        let r = spectrum.count
        let u = try QR(Matrix.gaussian(rows: n, columns: r, using: &generator)).q
        var scaled = u
        for j in 0..<r {
            for i in 0..<n { scaled[i, j] *= spectrum[j] }
        }
        basis = u
        matrix = try BLAS.product(scaled, u, .none, .transpose)
    }
}
