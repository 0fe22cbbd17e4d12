import Foundation
import NumericsCore
import Sensing

/// The Hessian of the symmetric training loss f(X) = (1/4m)·Σ rᵢ², rᵢ = ⟨Aᵢ, XXᵀ⟩ − yᵢ, at a
/// factor X* of the ground truth (n×r, X*X*ᵀ = M*), in the exact case k = r, and the local
/// linear rate of gradient descent that it predicts.
///
/// ∇_X rᵢ = (Aᵢ + Aᵢᵀ)·X = 2·sym(Aᵢ)·X, so ∇f(X) = (1/m)·Σ rᵢ·sym(Aᵢ)·X (the model's gradient).
/// At X* every rᵢ = 0 (noiseless measurements), so the Hessian is the Gauss-Newton matrix
/// H = (1/2m)·Σ gᵢgᵢᵀ with gᵢ = vec(2·sym(Aᵢ)·X*), of size nr×nr. Its null space contains the
/// r(r−1)/2 rotations X*Ω (Ω skew); gradient descent near X* contracts every other direction
/// by |1 − η·λ| per step.
struct LocalHessian {
    /// The eigenvalues of H in ascending order.
    let eigenvalues: [Double]
    /// r, the columns of X*.
    let rank: Int

    /// The dimension of the rotation null space, r(r−1)/2.
    var nullDimension: Int { rank * (rank - 1) / 2 }

    /// Builds H at a factor of `instance.groundTruth` taken from its top `rank` eigenpairs
    /// (X* = V_r·diag(λ_r)^{1/2}; H's spectrum does not depend on which factor). Needs the packed
    /// symmetric operator (the symmetric model's storage).
    init(instance: SensingInstance, rank r: Int) throws {
        guard let sensing = instance.symmetricOperator else { throw MatrixSensingError.missingSymmetricOperator }
        let n = instance.n, m = sensing.measurementCount, np = sensing.packedCount
        let truth = try SymmetricEigen(instance.groundTruth)
        var factor = Matrix(rows: n, columns: r)
        for c in 0..<r {
            let column = n - r + c
            let root = max(0, truth.values[column]).squareRoot()
            for i in 0..<n { factor[i, c] = root * truth.vectors[i, column] }
        }
        // Column i of `jacobian` is vec(sym(Aᵢ)·X*), read off the packed Pᵢ: Pᵢ[jk] = 2·sym(Aᵢ)_jk
        // (j < k), Pᵢ[kk] = sym(Aᵢ)_kk.
        var jacobian = Matrix(rows: n * r, columns: m)
        sensing.packed.elements.withUnsafeBufferPointer { p in
            factor.elements.withUnsafeBufferPointer { x in
                jacobian.elements.withUnsafeMutableBufferPointer { g in
                    for i in 0..<m {
                        let column = i * n * r
                        for k in 0..<n {
                            let start = i * np + SymmetricSensingOperator.packedIndex(row: 0, column: k)
                            for j in 0..<k {
                                let half = 0.5 * p[start + j]
                                for c in 0..<r {
                                    g[column + j + c * n] += half * x[k + c * n]
                                    g[column + k + c * n] += half * x[j + c * n]
                                }
                            }
                            let diagonal = p[start + k]
                            for c in 0..<r { g[column + k + c * n] += diagonal * x[k + c * n] }
                        }
                    }
                }
            }
        }
        // H = (1/2m)·Σ (2·vec(sym(Aᵢ)X*))(2·vec(sym(Aᵢ)X*))ᵀ = (2/m)·J·Jᵀ.
        var hessian = Matrix(rows: n * r, columns: n * r)
        try BLAS.syrk(jacobian, alpha: 2 / Double(m), into: &hessian)
        eigenvalues = try SymmetricEigen(hessian).values
        rank = r
    }

    /// λ⁺, the smallest eigenvalue above the rotation null space: the (r(r−1)/2 + 1)-th smallest.
    /// `nil` when the skipped eigenvalues are not ~0 (above 1e-8 of the largest in magnitude) or
    /// λ⁺ is not clearly above them.
    var smallestNonzero: Double? {
        guard let largest = eigenvalues.last, largest > 0, eigenvalues.count > nullDimension else { return nil }
        let tolerance = 1e-8 * largest
        guard eigenvalues.prefix(nullDimension).allSatisfy({ abs($0) <= tolerance }) else { return nil }
        let value = eigenvalues[nullDimension]
        return value > tolerance ? value : nil
    }

    /// The predicted local linear rate of ‖M_t − M*‖_F per iteration at step η:
    /// −ln max(|1 − η·λ⁺|, |1 − η·λ_max|), which is −ln(1 − η·λ⁺) whenever η·(λ⁺ + λ_max) ≤ 2.
    /// `nil` when λ⁺ is undefined or the prediction is no contraction.
    func rate(step eta: Double) -> Double? {
        guard let smallest = smallestNonzero, let largest = eigenvalues.last else { return nil }
        let contraction = max(abs(1 - eta * smallest), abs(1 - eta * largest))
        guard contraction < 1 else { return nil }
        return -log(contraction)
    }
}
