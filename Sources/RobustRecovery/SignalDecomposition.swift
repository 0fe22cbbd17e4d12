import NumericsCore

/// The split of U into its signal part S = VᵀU (r×r') and the part outside the signal
/// subspace E = V⊥ᵀU, with V the eigenvectors of X* (Fig. 5–7 of the paper). E splits
/// further along the row space of S: the cross part F = E·P_S, which the iteration removes
/// while it learns the signal, and the residual G = E·(I − P_S), which only small
/// initialization keeps small. Norms of E are computed on V⊥V⊥ᵀU = U − VS (same norms).
/// Every buffer, the QR workspace included, is allocated once: `measure` does not allocate.
struct SignalDecomposition {
    /// V, d×r.
    let basis: Matrix
    /// Vᵀ, r×d (V·S is formed as (Vᵀ)ᵀ·S; see `BLAS`).
    let basisTransposed: Matrix
    /// λ, r values (λ_j belongs to column j of V).
    let spectrum: [Double]
    /// S = VᵀU, r×r'.
    var signal: Matrix
    /// V⊥V⊥ᵀU = U − VS, d×r'.
    var outside: Matrix
    /// SSᵀ, r×r.
    var signalGram: Matrix
    /// (U − VS)·W with W an orthonormal basis of the row space of S, d×r.
    var crossPart: Matrix
    /// Sᵀ (its first min(r, r') columns: when r' < r the Q of Sᵀ is that of those columns),
    /// the input of the QR that gives W.
    var signalTransposed: Matrix
    /// W, r'×min(r, r'): the thin Q of Sᵀ.
    var rowSpace: QR.ThinQ
    /// Wᵀ, min(r, r')×r' ((U − VS)·W is formed as (U − VS)·(Wᵀ)ᵀ).
    var rowSpaceTransposed: Matrix
    /// G = E − (EW)Wᵀ, d×r'.
    var residualPart: Matrix
    /// ‖SSᵀ − diag(λ)‖_F after `measure`.
    private(set) var signalError = Double.nan
    /// ‖F‖_F = ‖E·P_S‖_F after `measure`.
    private(set) var crossNorm = Double.nan
    /// ‖G‖_F = ‖E·(I − P_S)‖_F after `measure`.
    private(set) var residualNorm = Double.nan

    init(basis: Matrix, spectrum: [Double], searchRank k: Int) throws {
        let d = basis.rows, r = basis.columns
        self.basis = basis
        basisTransposed = basis.transposed
        self.spectrum = spectrum
        signal = Matrix(rows: r, columns: k)
        outside = Matrix(rows: d, columns: k)
        signalGram = Matrix(rows: r, columns: r)
        crossPart = Matrix(rows: d, columns: min(r, k))
        signalTransposed = Matrix(rows: k, columns: min(r, k))
        rowSpace = try QR.ThinQ(rows: k, columns: min(r, k))
        rowSpaceTransposed = Matrix(rows: min(r, k), columns: k)
        residualPart = Matrix(rows: d, columns: k)
    }

    /// Computes the three norms for `u`.
    mutating func measure(_ u: Matrix) throws {
        try BLAS.gemm(.transpose, .none, basis, u, into: &signal)
        outside.elements.withUnsafeMutableBufferPointer { o in
            u.elements.withUnsafeBufferPointer { u in
                for i in 0..<o.count { o[i] = u[i] }
            }
        }
        try BLAS.gemm(.transpose, .none, alpha: -1, basisTransposed, signal, beta: 1, into: &outside)
        try BLAS.gemm(.none, .transpose, signal, signal, into: &signalGram)
        var sum = 0.0
        let r = spectrum.count
        for j in 0..<r {
            for i in 0..<r {
                let deviation = signalGram[i, j] - (i == j ? spectrum[j] : 0)
                sum += deviation * deviation
            }
        }
        signalError = sum.squareRoot()
        // W: orthonormal columns spanning the row space of S (the QR of Sᵀ, r'×r).
        for j in 0..<signal.columns {
            for i in 0..<signalTransposed.columns { signalTransposed[j, i] = signal[i, j] }
        }
        try rowSpace.factor(signalTransposed)
        rowSpace.q.transpose(into: &rowSpaceTransposed)
        try BLAS.gemm(.none, .transpose, outside, rowSpaceTransposed, into: &crossPart)
        crossNorm = BLAS.nrm2(crossPart.elements)
        // G = E − (EW)Wᵀ, formed explicitly (no cancellation when G ≪ F).
        residualPart.elements.withUnsafeMutableBufferPointer { g in
            outside.elements.withUnsafeBufferPointer { e in
                for i in 0..<g.count { g[i] = e[i] }
            }
        }
        try BLAS.gemm(.none, .transpose, alpha: -1, crossPart, rowSpace.q, beta: 1, into: &residualPart)
        residualNorm = BLAS.nrm2(residualPart.elements)
    }
}

/// Follows the recorded steps of a run: when each eigenvalue is learned, how large the
/// residual gets, when the signal is learned.
struct SignalTracker {
    /// λ in descending order, to pair with σ(U), which LAPACK returns descending.
    let spectrum: [Double]
    let initScale: Double
    /// First recorded t with σᵢ(U)² ≥ λᵢ/2, per i < min(r, 3).
    var eigenvalueTimes: [Double]
    var residual0 = Double.nan
    var maxResidual = 0.0
    var signalLearnedAt = Double.infinity
    var residualAtSignalLearned = Double.nan

    init(spectrum: [Double], initScale: Double) {
        self.spectrum = spectrum.sorted(by: >)
        self.initScale = initScale
        eigenvalueTimes = [Double](repeating: .infinity, count: min(spectrum.count, 3))
    }

    /// Takes the measurements of recorded step t; `eigenvalues` are σ(U_t), descending.
    mutating func observe(_ t: Int, _ parts: SignalDecomposition, eigenvalues sigma: [Double]) {
        if residual0.isNaN { residual0 = parts.residualNorm }
        maxResidual = max(maxResidual, parts.residualNorm)
        for i in eigenvalueTimes.indices where eigenvalueTimes[i] == .infinity && i < sigma.count {
            if sigma[i] * sigma[i] >= spectrum[i] / 2 { eigenvalueTimes[i] = Double(t) }
        }
        if signalLearnedAt == .infinity, parts.signalError < 1e-2 * BLAS.nrm2(spectrum) {
            signalLearnedAt = Double(t)
            residualAtSignalLearned = parts.residualNorm / initScale
        }
    }

    /// The tracker's metrics (see the schema).
    var metrics: [String: Double] {
        var out: [String: Double] = [
            "residual_norm0": residual0,
            "max_residual_norm": maxResidual,
            "max_residual_over_scale": maxResidual / initScale,
            "signal_learned_at": signalLearnedAt,
        ]
        if !residualAtSignalLearned.isNaN { out["residual_at_signal_learned"] = residualAtSignalLearned }
        for (i, time) in eigenvalueTimes.enumerated() { out["eigenvalue_time_\(i + 1)"] = time }
        if eigenvalueTimes.count >= 2, eigenvalueTimes[0] > 0 {
            out["learning_order_21"] = eigenvalueTimes[1] / eigenvalueTimes[0]
        }
        if eigenvalueTimes.count >= 3, eigenvalueTimes[1] > 0 {
            out["learning_order_32"] = eigenvalueTimes[2] / eigenvalueTimes[1]
        }
        return out
    }
}
