import ExperimentKit
import NumericsCore
import Specs

/// How robust a claim's verdict is to the replicates it was measured on: the claim's value
/// recomputed on resamples of the replicates.
///
/// A resample draws R replicate indices with replacement from 0..<R and gives every sweep
/// point the runs of those replicates, so that points keep sharing their instances (common
/// random numbers), as in the measurement. With R^R ≤ `exactLimit` every resample is
/// enumerated once (the result is exact); otherwise `resamples` are drawn with a generator
/// seeded by the spec and claim ids, so a verdict's P(PASS) is the same on every run.
public struct Bootstrap: Sendable {
    /// Resamples drawn when enumerating them all would take more.
    public var resamples = 1000
    /// Largest R^R enumerated exactly.
    public var exactLimit = 1000

    /// Creates a bootstrap.
    public init(resamples: Int = 1000) { self.resamples = resamples }

    /// The fraction of resamples on which the claim holds and the resampled values; nil with
    /// fewer than 2 replicates, or when a selected point lacks one of its replicates.
    public func resample<Run: ClaimRun>(_ claim: Claim, runs: [Run], replicates: Int, seed: UInt64,
                                        value: (Claim, [Run]) -> Double?) -> (probability: Double, values: [Double])? {
        guard replicates >= 2 else { return nil }
        let relevant = runs.filter { claim.matches($0.parameters) || claim.versusFilter.map($0.parameters.contains) == true }
        var byPoint: [String: [Run?]] = [:]
        for run in relevant {
            let key = run.parameters.canonicalJSON
            var row = byPoint[key] ?? Array(repeating: nil, count: replicates)
            guard run.replicate < replicates else { return nil }
            row[run.replicate] = run
            byPoint[key] = row
        }
        guard byPoint.values.allSatisfy({ $0.allSatisfy { $0 != nil } }) else { return nil }
        let points = relevant.map { (key: $0.parameters.canonicalJSON, replicate: $0.replicate) }

        var holds = 0, total = 0
        var values: [Double] = []
        func evaluate(_ indices: [Int]) {
            let resampled = points.compactMap { byPoint[$0.key]?[indices[$0.replicate]] }
            let v = value(claim, resampled)
            total += 1
            if let v, !v.isNaN {
                values.append(v)
                if claim.expect.holds(for: v) { holds += 1 }
            }
        }
        if let count = Self.power(replicates, replicates), count <= exactLimit {
            var indices = Array(repeating: 0, count: replicates)
            for _ in 0..<count {
                evaluate(indices)
                for i in indices.indices.reversed() {
                    indices[i] += 1
                    if indices[i] < replicates { break }
                    indices[i] = 0
                }
            }
        } else {
            var generator = Xoshiro256StarStar(seed: seed)
            for _ in 0..<resamples {
                evaluate((0..<replicates).map { _ in Int(generator.next() % UInt64(replicates)) })
            }
        }
        return (Double(holds) / Double(max(total, 1)), values)
    }

    /// nᵏ, or nil when it exceeds `Int.max`.
    static func power(_ n: Int, _ k: Int) -> Int? {
        var result = 1
        for _ in 0..<k {
            let (next, overflow) = result.multipliedReportingOverflow(by: n)
            if overflow { return nil }
            result = next
        }
        return result
    }

    /// The seed of a claim's resamples, from the spec and claim ids by the one seed rule:
    /// `SeedDerivation.seed(["bootstrap", specID, claimID])`.
    public static func seed(specID: String, claimID: String) -> UInt64 {
        SeedDerivation.seed(["bootstrap", specID, claimID])
    }

    /// The replicates a stable verdict needs (P(PASS) outside 0.1…0.9), assuming the spread
    /// of the value falls as 1/√R: R·(1.2816·s/d)², where s is the standard deviation of the
    /// resampled values and d the distance of `measured` to the nearest bound, and at least one
    /// more than `replicates` (a fragile verdict needs more than it has; with few replicates
    /// the normal approximation falls short of the bootstrap). Nil when s or d is not positive
    /// and finite.
    public static func replicatesNeeded(measured: Double, values: [Double], expect: Expectation, replicates: Int) -> Int? {
        let finite = values.filter(\.isFinite)
        guard finite.count >= 2 else { return nil }
        let s = Statistics.standardDeviation(finite)
        let d = expect.distanceToBound(measured)
        guard s.isFinite, s > 0, d.isFinite, d > 0 else { return nil }
        let needed = Double(replicates) * (1.2816 * s / d) * (1.2816 * s / d)
        return needed < 1e9 ? max(replicates + 1, Int(needed.rounded(.up))) : nil
    }
}

extension Expectation {
    /// How far `value` is inside (positive) or outside (negative) the expectation, relative
    /// to the bound's size: (b − x)/|b| for `below b`, (x − b)/|b| for `above b`, the distance
    /// to the nearer end over the width for `between`, (tolerance − |x − target|)/tolerance for
    /// `near`. A bound of 0 counts as size 1.
    public func margin(_ value: Double) -> Double {
        func size(_ b: Double) -> Double { b == 0 ? 1 : abs(b) }
        switch self {
        case .below(let b): return (b - value) / size(b)
        case .above(let b): return (value - b) / size(b)
        case let .between(lo, hi): return min(value - lo, hi - value) / (hi > lo ? hi - lo : 1)
        case let .near(target, tolerance): return (tolerance - abs(value - target)) / (tolerance > 0 ? tolerance : 1)
        }
    }

    /// The distance of `value` to the nearest bound of the expectation.
    public func distanceToBound(_ value: Double) -> Double {
        switch self {
        case .below(let b), .above(let b): return abs(value - b)
        case let .between(lo, hi): return min(abs(value - lo), abs(value - hi))
        case let .near(target, tolerance): return abs(tolerance - abs(value - target))
        }
    }
}
