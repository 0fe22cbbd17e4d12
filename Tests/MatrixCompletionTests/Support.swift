import ExperimentKit
import NumericsCore
import Sensing
@testable import MatrixCompletion

/// The parameters of `MatrixCompletion.schema` with `overrides` on top.
func resolve(_ overrides: [String: ParameterValue]) throws(ParameterError) -> ParameterSet {
    try MatrixCompletion.schema.resolve(ParameterSet(overrides))
}

/// A matrix file's content as the data layer hands it to a model.
func input(_ rows: Int, _ columns: Int, _ entries: [Double], source: String) -> ParameterValue {
    .matrix(MatrixInput(rows: rows, columns: columns, entries: entries, contentHash: source, source: source))
}

/// The dense m×n matrix Aᵀ·B of transposed factors A (k×m) and B (k×n), written out entry by entry.
func denseProduct(_ a: Matrix, _ b: Matrix) -> Matrix {
    var out = Matrix(rows: a.columns, columns: b.columns)
    for j in 0..<b.columns {
        for i in 0..<a.columns {
            var s = 0.0
            for l in 0..<a.rows { s += a[l, i] * b[l, j] }
            out[i, j] = s
        }
    }
    return out
}

/// The dense M* = U·diag(σ)·Vᵀ of planted factors.
func denseTruth(_ f: PlantedFactors) -> Matrix {
    var out = Matrix(rows: f.left.rows, columns: f.right.rows)
    for j in 0..<out.columns {
        for i in 0..<out.rows {
            var s = 0.0
            for l in 0..<f.spectrum.count { s += f.left[i, l] * f.spectrum[l] * f.right[j, l] }
            out[i, j] = s
        }
    }
    return out
}

/// ‖A − B‖_F/‖B‖_F.
func relativeDistance(_ a: Matrix, _ b: Matrix) -> Double {
    a.frobeniusDistance(to: b) / b.frobeniusNorm
}

/// The observed entries (i, j, M_ij) of a problem, read back from its column-major storage.
func triplets(_ observed: ObservedEntries) -> [(i: Int, j: Int, value: Double)] {
    let c = observed.byColumn
    var out: [(i: Int, j: Int, value: Double)] = []
    for j in 0..<c.outerCount {
        for e in c.starts[j]..<c.starts[j + 1] { out.append((Int(c.indices[e]), j, c.values[e])) }
    }
    return out
}

/// A small planted problem drawn from `seed`.
func plantedProblem(m: Int = 60, n: Int = 50, k: Int = 3, oversampling: Double = 3, sampling: Sampling = .bernoulli,
                    kappa: Double = 1, seed: UInt64 = 7) throws -> CompletionProblem {
    var g = Xoshiro256StarStar(seed: seed)
    return try PlantedCompletion(rows: m, columns: n, rank: k, conditionNumber: kappa, oversampling: oversampling,
                                 sampling: sampling, noise: 0).draw(using: &g)
}
