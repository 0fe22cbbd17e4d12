import NumericsCore
import SensitivitySampling

/// Lewis weights or exact ℓp sensitivities of an n×d Gaussian matrix, per call: ours through
/// the SensitivitySampling API (orthonormal basis, then the scores), and the peer
/// bench/peers/lewis.py or sensitivities.py (SciPy HiGHS LP for p = 1) by the contract
/// `--n N --d D --p P --seed S --repeat R`.
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

    /// The workload id in results.json.
    var id: String { "\(kind == .lewis ? "lewis" : "sensitivities")-n\(n)-d\(d)-p\(Self.format(p))" }

    /// Times `repeats` calls of ours on a Gaussian n×d matrix (drawn once, outside the timing).
    static func measure(_ kind: Kind, n: Int, d: Int, p: Double, repeats: Int) throws -> SensitivityTiming {
        var generator = Xoshiro256StarStar(seed: benchSeeds.instance)
        let a = Matrix.gaussian(rows: n, columns: d, using: &generator)
        var samples: [Double] = []
        var checksum = 0.0
        for _ in 0..<max(1, repeats) {
            let (seconds, scores) = try Stopwatch.time { try call(kind, a, p: p) }
            samples.append(seconds)
            checksum = scores.reduce(0, +)
        }
        return SensitivityTiming(kind: kind, n: n, d: d, p: p, secondsPerCall: Stopwatch.median(samples), samples: samples,
                                 checksum: checksum)
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

    /// The peer's arguments of the contract.
    func peerArguments(repeats: Int) -> [String] {
        ["--n", "\(n)", "--d", "\(d)", "--p", Self.format(p), "--seed", "\(benchSeeds.instance)", "--repeat", "\(repeats)"]
    }

    /// p without a trailing ".0".
    static func format(_ p: Double) -> String {
        p == p.rounded() ? String(Int(p)) : String(p)
    }
}
