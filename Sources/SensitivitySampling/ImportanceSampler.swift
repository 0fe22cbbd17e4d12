import NumericsCore

/// Importance sampling by scores: row i is kept independently with probability
/// qᵢ = min(1, scoreᵢ/α) and, when kept, its ℓp^p mass is reweighted by 1/qᵢ (the row is
/// scaled by qᵢ^{−1/p}; S is diagonal). α is found by bisection so that the expected
/// sample size Σ qᵢ equals the target m.
public struct ImportanceSampler: Sendable {
    /// qᵢ.
    public let probabilities: [Double]
    /// α.
    public let threshold: Double

    /// Probabilities for `scores` (≥ 0) with expected size `target` (m ≥ 1). When m is at
    /// least the number of positive scores, every such row is kept (qᵢ = 1).
    public init(scores: [Double], target: Double) {
        let positive = scores.filter { $0 > 0 }
        guard Double(positive.count) > target, let largest = positive.max() else {
            probabilities = scores.map { $0 > 0 ? 1 : 0 }
            threshold = 0
            return
        }
        func expected(_ alpha: Double) -> Double { positive.reduce(0) { $0 + min(1, $1 / alpha) } }
        // expected(α) is continuous and non-increasing; at α = min score it is the number of
        // positive scores (> m), at α = max score·count/m it is ≤ m.
        var lo = positive.min() ?? largest
        var hi = largest * Double(positive.count) / target
        for _ in 0..<200 {
            let mid = (lo * hi).squareRoot()
            if expected(mid) > target { lo = mid } else { hi = mid }
            if hi / lo - 1 < 1e-14 { break }
        }
        threshold = hi
        probabilities = scores.map { $0 > 0 ? min(1, $0 / hi) : 0 }
    }

    /// Σ qᵢ.
    public var expectedSize: Double { probabilities.reduce(0, +) }

    /// One draw of S: the kept rows and their ℓp^p weights 1/qᵢ.
    public func draw(using generator: inout Xoshiro256StarStar) -> Sample {
        var rows: [Int] = []
        var weights: [Double] = []
        for (i, q) in probabilities.enumerated() where q > 0 && generator.nextUniform() < q {
            rows.append(i)
            weights.append(1 / q)
        }
        return Sample(rows: rows, weights: weights)
    }
}

/// A drawn sample: row indices and the weights 1/qᵢ applied to their ℓp^p terms
/// (‖SAx‖_p^p = Σ_{i∈S} |(Ax)ᵢ|^p / qᵢ).
public struct Sample: Sendable, Equatable {
    /// Kept rows, increasing.
    public var rows: [Int]
    /// 1/qᵢ for each kept row.
    public var weights: [Double]

    /// Creates a sample.
    public init(rows: [Int], weights: [Double]) {
        self.rows = rows
        self.weights = weights
    }
}
