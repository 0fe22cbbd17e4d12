import Foundation
import NumericsCore

/// The planted ground truth of a rectangular low-rank problem, kept as its factors:
/// M* = U·diag(σ)·Vᵀ of rank k, where U (m×k) and V (n×k) are the orthonormal Q factors of
/// matrices of i.i.d. N(0, 1) entries (incoherent with high probability). The m×n matrix is
/// never formed: a problem that observes some of its entries computes each from the factors.
public struct PlantedFactors: Sendable {
    /// U, m×k with orthonormal columns; column l belongs to σ_l.
    public let left: Matrix
    /// V, n×k with orthonormal columns.
    public let right: Matrix
    /// σ, k values.
    public let spectrum: [Double]

    /// Draws U (m·k normals, column by column), then V (n·k normals), from `generator`.
    public init(rows m: Int, columns n: Int, spectrum: [Double], using generator: inout Xoshiro256StarStar) throws {
        let k = spectrum.count
        left = try QR(Matrix.gaussian(rows: m, columns: k, using: &generator)).q
        right = try QR(Matrix.gaussian(rows: n, columns: k, using: &generator)).q
        self.spectrum = spectrum
    }

    /// ‖M*‖_F = ‖σ‖₂.
    public var frobeniusNorm: Double { BLAS.nrm2(spectrum) }

    /// σ_l = κ^{−l/(k−1)}, l = 0…k−1: k values from 1 down to 1/κ, evenly spaced in log scale
    /// (the condition number of M* is κ; one value, 1, when k = 1).
    public static func geometricSpectrum(rank k: Int, conditionNumber kappa: Double) -> [Double] {
        guard k > 1 else { return [1] }
        return (0..<k).map { pow(kappa, -Double($0) / Double(k - 1)) }
    }
}
