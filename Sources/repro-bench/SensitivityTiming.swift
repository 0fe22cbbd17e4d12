import NumericsCore
import SensitivitySampling

/// Lewis weights or exact ℓp sensitivities of an n×d Gaussian matrix, per call: ours through
/// the SensitivitySampling API (orthonormal basis, then the scores), and the peer
/// bench/peers/lewis.py or sensitivities.py (SciPy HiGHS LP for p = 1) by the contract
/// `--n N --d D --p P --seed S --repeat R` plus `--matrix FILE.npy` (our matrix) and, for exact
/// sensitivities, `--rows K` (the peer times K rows and scales to n; its checksum is over those rows).
struct SensitivityTiming: Codable, Sendable {
    /// Which scores.
    enum Kind: String, Codable, Sendable, CaseIterable {
        case lewis = "Lewis weights"
        case exact = "exact sensitivities"

        /// The peer script.
        var peerScript: String { self == .lewis ? "lewis.py" : "sensitivities.py" }
    }

    var kind: Kind
    var n: Int
    var d: Int
    var p: Double
    /// Median seconds per call over the repetitions, and the samples.
    var secondsPerCall: Double
    var samples: [Double]
    /// Σ of the scores (Lewis weights sum to d at the fixed point).
    var checksum: Double
    /// Σ of the scores of the first `checksumRows` rows (the rows a peer timed with `--rows`).
    var checksumRows: Int
    var partialChecksum: Double

    /// The workload id in results.json.
    var id: String { "\(kind == .lewis ? "lewis" : "sensitivities")-n\(n)-d\(d)-p\(Self.format(p))" }

    /// Times calls of ours on `a`: `repeats` of them, or fewer once they have taken `budget`
    /// seconds (at least one). `rows`: the rows of the partial checksum.
    static func measure(_ kind: Kind, _ a: Matrix, p: Double, repeats: Int, budget: Double, rows: Int) throws -> SensitivityTiming {
        var samples: [Double] = []
        var scores: [Double] = []
        while samples.count < max(1, repeats), samples.reduce(0, +) < budget || samples.isEmpty {
            let timed = try Stopwatch.time { try call(kind, a, p: p) }
            samples.append(timed.seconds)
            scores = timed.value
        }
        let partial = min(rows, scores.count)
        return SensitivityTiming(kind: kind, n: a.rows, d: a.columns, p: p, secondsPerCall: Statistics.median(samples),
                                 samples: samples, checksum: scores.reduce(0, +), checksumRows: partial,
                                 partialChecksum: scores.prefix(partial).reduce(0, +))
    }

    /// The Gaussian n×d matrix of the sensitivity workloads (drawn from the bench's instance seed).
    static func matrix(n: Int, d: Int) -> Matrix {
        var generator = Xoshiro256StarStar(seed: benchSeeds.instance)
        return Matrix.gaussian(rows: n, columns: d, using: &generator)
    }

    /// One call: the basis of `a`, then its Lewis weights (tolerance 1e-12, the model's default) or
    /// its exact sensitivities (relative gap 1e-8, the model's default).
    static func call(_ kind: Kind, _ a: Matrix, p: Double) throws -> [Double] {
        let basis = try OrthonormalBasis(a)
        switch kind {
        case .lewis: return try LewisWeights(basis: basis, p: p, maxSteps: 5000, tolerance: 1e-12).weights
        case .exact: return ExactSensitivities(basis: basis, p: p, tolerance: 1e-8).sensitivities
        }
    }

    /// The peer's arguments of the contract, on the same matrix (`--matrix`), timing only the
    /// first `rows` rows when `rows` < n (`--rows`, exact sensitivities only).
    func peerArguments(matrix: String, repeats: Int, rows: Int) -> [String] {
        ["--n", "\(n)", "--d", "\(d)", "--p", Self.format(p), "--seed", "\(benchSeeds.instance)", "--repeat", "\(repeats)",
         "--matrix", matrix] + (kind == .exact && rows < n ? ["--rows", "\(rows)"] : [])
    }

    /// p without a trailing ".0".
    static func format(_ p: Double) -> String {
        p == p.rounded() ? String(Int(p)) : String(p)
    }
}
