import Foundation
import NumericsCore

/// `trials` independent samples S of one matrix by the given scores, each measured by the
/// distortion estimator (and, at p = 2, exactly) and by the ℓp regression cost ratio.
struct EmbeddingTrials {
    /// Distortion estimate of each trial.
    var distortions: [Double] = []
    /// Exact distortion of each trial (p = 2 only).
    var exactDistortions: [Double] = []
    /// Regression cost ratio of each trial.
    var regressionRatios: [Double] = []
    /// Kept rows of each trial.
    var sizes: [Double] = []

    /// Draws and measures the trials. `targets` are the regression's b (nil: no regression).
    init(basis: OrthonormalBasis, p: Double, sampler: ImportanceSampler, estimator: DistortionEstimator,
         trials: Int, targets: [Double]?, using generator: inout Xoshiro256StarStar) throws(SensitivityError) {
        let n = basis.rowCount, d = basis.dimension
        var optimum = 0.0
        if let targets {
            let x = LpRegression.solve(rows: basis.rows, rowCount: n, dimension: d, p: p, weights: nil, targets: targets)
            optimum = LpRegression.cost(rows: basis.rows, rowCount: n, dimension: d, p: p, targets: targets, x: x)
        }
        for _ in 0..<trials {
            let sample = sampler.draw(using: &generator)
            sizes.append(Double(sample.rows.count))
            distortions.append(estimator.estimate(sample))
            if p == 2 {
                exactDistortions.append(try DistortionEstimator.exactForPEqualsTwo(basis: basis, sample: sample))
            }
            if let targets, optimum > 0, sample.rows.count >= d {
                var rows = [Double]()
                rows.reserveCapacity(sample.rows.count * d)
                var b = [Double]()
                for i in sample.rows {
                    rows.append(contentsOf: basis.rows[(i * d)..<((i + 1) * d)])
                    b.append(targets[i])
                }
                let x = LpRegression.solve(rows: rows, rowCount: sample.rows.count, dimension: d, p: p,
                                           weights: sample.weights, targets: b)
                let cost = LpRegression.cost(rows: basis.rows, rowCount: n, dimension: d, p: p, targets: targets, x: x)
                regressionRatios.append(cost / optimum)
            }
        }
    }

    /// The trial metrics of the schema.
    var metrics: [String: Double] {
        var m: [String: Double] = [:]
        guard !distortions.isEmpty else { return m }
        m["sample_size_mean"] = Statistics.mean(sizes)
        m["distortion_mean"] = Statistics.mean(distortions)
        m["distortion_median"] = Statistics.median(distortions)
        m["distortion_p90"] = Statistics.quantile(distortions, 0.9)
        m["distortion_max"] = distortions.max()
        if !exactDistortions.isEmpty {
            m["distortion_exact_p90"] = Statistics.quantile(exactDistortions, 0.9)
            m["estimator_shortfall_max"] = zip(exactDistortions, distortions).map { $0 - $1 }.max()
        }
        if !regressionRatios.isEmpty {
            m["regression_ratio_median"] = Statistics.median(regressionRatios)
            m["regression_ratio_p90"] = Statistics.quantile(regressionRatios, 0.9)
        }
        return m
    }
}
