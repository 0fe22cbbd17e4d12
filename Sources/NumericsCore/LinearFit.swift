import Foundation

/// The ordinary least-squares line y ≈ intercept + slope·x through `count` points.
public struct LinearFit: Sendable, Equatable {
    /// The fitted slope Sxy/Sxx (for log fits: the rate, or the exponent).
    public let slope: Double
    /// The fitted intercept ȳ − slope·x̄.
    public let intercept: Double
    /// The coefficient of determination R² = 1 − SS_res/SS_tot (1 when all y are equal).
    public let rSquared: Double
    /// The number of points used in the fit.
    public let count: Int

    /// A fit with the given coefficients.
    public init(slope: Double, intercept: Double, rSquared: Double, count: Int) {
        self.slope = slope
        self.intercept = intercept
        self.rSquared = rSquared
        self.count = count
    }
}

extension Statistics {
    /// The ordinary least-squares fit y ≈ a + b·x. Pairs with a non-finite coordinate are
    /// skipped. nil when fewer than 2 pairs remain, all x are equal, or the fit overflows.
    /// Precondition: `x.count == y.count`.
    public static func linearFit(x: [Double], y: [Double]) -> LinearFit? {
        precondition(x.count == y.count, "Statistics.linearFit: x has \(x.count) values, y has \(y.count)")
        var xs: [Double] = []
        var ys: [Double] = []
        xs.reserveCapacity(x.count)
        ys.reserveCapacity(y.count)
        for (xi, yi) in zip(x, y) where xi.isFinite && yi.isFinite {
            xs.append(xi)
            ys.append(yi)
        }
        return fitFinitePairs(xs, ys)
    }

    /// The fit log(value) ≈ a + b·t (natural log), so for value = C·e^{−ρt} the slope is −ρ.
    /// Pairs with non-finite t or a value that is not positive and finite are skipped;
    /// nil as for `linearFit`. Precondition: `t.count == values.count`.
    public static func logLinearFit(t: [Double], values: [Double]) -> LinearFit? {
        precondition(t.count == values.count, "Statistics.logLinearFit: t has \(t.count) values, values has \(values.count)")
        var xs: [Double] = []
        var ys: [Double] = []
        xs.reserveCapacity(t.count)
        ys.reserveCapacity(t.count)
        for (ti, vi) in zip(t, values) where ti.isFinite && vi > 0 && vi.isFinite {
            xs.append(ti)
            ys.append(log(vi))
        }
        return fitFinitePairs(xs, ys)
    }

    /// The fit log(value) ≈ a + b·log(t) (natural logs), so for value = C·t^{−β} the slope is −β.
    /// Pairs with t ≤ 0, non-finite t, or a value that is not positive and finite are
    /// skipped; nil as for `linearFit`. Precondition: `t.count == values.count`.
    public static func logLogFit(t: [Double], values: [Double]) -> LinearFit? {
        precondition(t.count == values.count, "Statistics.logLogFit: t has \(t.count) values, values has \(values.count)")
        var xs: [Double] = []
        var ys: [Double] = []
        xs.reserveCapacity(t.count)
        ys.reserveCapacity(t.count)
        for (ti, vi) in zip(t, values) where ti > 0 && ti.isFinite && vi > 0 && vi.isFinite {
            xs.append(log(ti))
            ys.append(log(vi))
        }
        return fitFinitePairs(xs, ys)
    }

    /// Least squares on finite pairs with centered sums.
    private static func fitFinitePairs(_ x: [Double], _ y: [Double]) -> LinearFit? {
        guard x.count >= 2, let xMin = x.min(), let xMax = x.max(), xMin < xMax else { return nil }
        let xMean = mean(x)
        let yMean = mean(y)
        var sxx = 0.0
        var sxy = 0.0
        var syy = 0.0
        for (xi, yi) in zip(x, y) {
            let dx = xi - xMean
            let dy = yi - yMean
            sxx += dx * dx
            sxy += dx * dy
            syy += dy * dy
        }
        let slope = sxy / sxx
        let intercept = yMean - slope * xMean
        guard slope.isFinite, intercept.isFinite else { return nil }
        var residualSumOfSquares = 0.0
        for (xi, yi) in zip(x, y) {
            let residual = yi - (intercept + slope * xi)
            residualSumOfSquares += residual * residual
        }
        let rSquared = syy > 0 ? 1 - residualSumOfSquares / syy : 1
        return LinearFit(slope: slope, intercept: intercept, rSquared: rSquared, count: x.count)
    }
}
