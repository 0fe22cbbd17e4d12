import Foundation

/// Descriptive statistics, least-squares fits and confidence intervals over replicates.
/// Functions that need at least one or two values return NaN or nil instead of trapping.
public enum Statistics {
    /// The arithmetic mean Σxᵢ/n; NaN when `xs` is empty.
    public static func mean(_ xs: [Double]) -> Double {
        guard !xs.isEmpty else { return .nan }
        var sum = 0.0
        for x in xs { sum += x }
        return sum / Double(xs.count)
    }

    /// The sample standard deviation √(Σ(xᵢ − x̄)²/(n − 1)) (two-pass; NumPy's `ddof=1`);
    /// NaN when `xs` has fewer than 2 values.
    public static func standardDeviation(_ xs: [Double]) -> Double {
        guard xs.count >= 2 else { return .nan }
        let m = mean(xs)
        var sumOfSquares = 0.0
        for x in xs {
            let deviation = x - m
            sumOfSquares += deviation * deviation
        }
        return (sumOfSquares / Double(xs.count - 1)).squareRoot()
    }

    /// The median: the middle order statistic, or the mean of the two middle ones for an
    /// even count. NaN when `xs` is empty or contains NaN.
    public static func median(_ xs: [Double]) -> Double {
        guard let sorted = sortedWithoutNaN(xs) else { return .nan }
        let n = sorted.count
        if n % 2 == 1 { return sorted[n / 2] }
        return 0.5 * sorted[n / 2 - 1] + 0.5 * sorted[n / 2]
    }

    /// The q-quantile by linear interpolation between order statistics (Hyndman & Fan
    /// type 7, NumPy's default `linear`): with x₍₀₎ ≤ … ≤ x₍ₙ₋₁₎, h = (n − 1)·q,
    /// the value x₍⌊h⌋₎ + (h − ⌊h⌋)·(x₍⌊h⌋₊₁₎ − x₍⌊h⌋₎).
    /// NaN when `xs` is empty or contains NaN, or q ∉ [0, 1].
    public static func quantile(_ xs: [Double], _ q: Double) -> Double {
        guard q >= 0, q <= 1, let sorted = sortedWithoutNaN(xs) else { return .nan }
        let h = Double(sorted.count - 1) * q
        let below = min(Int(h.rounded(.down)), sorted.count - 1)
        let above = min(below + 1, sorted.count - 1)
        let fraction = h - Double(below)
        let a = sorted[below]
        let b = sorted[above]
        let difference = b - a
        return fraction < 0.5 ? a + difference * fraction : b - difference * (1 - fraction)
    }

    /// The confidence interval x̄ ± t_{(1+c)/2, n−1}·s/√n for the mean of `xs` at
    /// confidence c (e.g. 0.95), with s the sample standard deviation.
    /// nil when there are fewer than 2 values, a value is not finite, or c ∉ (0, 1).
    public static func tInterval(_ xs: [Double], confidence: Double = 0.95) -> ClosedRange<Double>? {
        guard xs.count >= 2, confidence > 0, confidence < 1 else { return nil }
        let m = mean(xs)
        let s = standardDeviation(xs)
        guard m.isFinite, s.isFinite else { return nil }
        let t = studentTQuantile((1 + confidence) / 2, degreesOfFreedom: Double(xs.count - 1))
        let halfWidth = t * s / Double(xs.count).squareRoot()
        guard halfWidth.isFinite else { return nil }
        return (m - halfWidth)...(m + halfWidth)
    }

    /// `xs` sorted ascending, or nil when it is empty or contains NaN.
    private static func sortedWithoutNaN(_ xs: [Double]) -> [Double]? {
        guard !xs.isEmpty, !xs.contains(where: { $0.isNaN }) else { return nil }
        return xs.sorted()
    }
}
