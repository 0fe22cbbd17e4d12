import NumericsCore

/// The rebalancing step of the asymmetric factorization and the imbalance that sets its rate.
enum Rebalancing {
    /// F ← F(FᵀF)^{-1/2}, G ← G(FᵀF)^{1/2}: FGᵀ is unchanged and afterwards FᵀF = I. Throws
    /// `singularFactor` when FᵀF has a non-positive eigenvalue.
    static func rebalance(_ f: inout Matrix, _ g: inout Matrix) throws {
        var gram = Matrix(rows: f.columns, columns: f.columns)
        try BLAS.syrk(.upper, .transpose, f, into: &gram)
        let eigen = try SymmetricEigen(gram)
        guard let smallest = eigen.values.first, smallest > 0 else {
            throw MatrixSensingError.singularFactor(smallestEigenvalue: eigen.values.first ?? .nan)
        }
        let root = try spectralFunction(eigen) { $0.squareRoot() }
        let inverseRoot = try spectralFunction(eigen) { 1 / $0.squareRoot() }
        f = try BLAS.product(f, inverseRoot)
        g = try BLAS.product(g, root)
    }

    /// V·diag(φ(λ))·Vᵀ.
    static func spectralFunction(_ eigen: SymmetricEigen, _ phi: (Double) -> Double) throws -> Matrix {
        var scaled = eigen.vectors
        for j in 0..<scaled.columns {
            let factor = phi(eigen.values[j])
            for i in 0..<scaled.rows { scaled[i, j] *= factor }
        }
        return try BLAS.product(scaled, eigen.vectors, .none, .transpose)
    }

    /// λ_min(FᵀF − GᵀG), the imbalance that sets the asymmetric rate (our reading of the paper;
    /// fig2's claims check it).
    static func imbalance(_ f: Matrix, _ g: Matrix) throws -> Double {
        var gram = Matrix(rows: f.columns, columns: f.columns)
        try BLAS.syrk(.upper, .transpose, f, into: &gram)
        try BLAS.syrk(.upper, .transpose, alpha: -1, g, beta: 1, into: &gram)
        return try SymmetricEigen(gram).values.first ?? .nan
    }
}
