import ExperimentKit
import Foundation
import NumericsCore

/// The sample-complexity task: for block-spiky matrices with k ∈ `spike_levels`
/// identity-like coordinates (𝔖 grows with k at fixed d), the smallest expected sample size
/// m*(ε) whose 90th-percentile distortion is at most ε under sensitivity sampling, and the
/// slope of log m*(ε) against log 𝔖 across the levels. m*(ε) is interpolated log-linearly
/// between the two grid sizes whose 90th-percentile distortion brackets ε; a level whose
/// bracket is not on the grid (ε met already at the smallest size, or never) is left out of
/// the fit and its m* recorded as 0 or +inf.
///
/// Each level also gets m*·ε² over the paper's sample bound without its constant and polylog
/// factors: min(𝔖^{2/p}, d^{1−p/2}𝔖) for p < 2 (the second term is the Chen–Derezinski bound
/// that the paper's later version cites), 𝔖^{2−2/p} for p ≥ 2. A level that met ε at the
/// smallest size enters with m* at most that size; one that never met it enters as +inf.
struct SampleComplexity {
    /// m*(ε) per level.
    var mStar: [Double] = []
    /// 𝔖 per level.
    var totals: [Double] = []
    /// m*·ε² / (the paper's sample bound at 𝔖 and d) per level.
    var boundRatios: [Double] = []
    /// The fit of log m* on log 𝔖 over the levels with a bracketed m*.
    var fit: LinearFit?

    /// The paper's sample bound without constants or polylog factors: min(𝔖^{2/p}, d^{1−p/2}𝔖)
    /// for p < 2, 𝔖^{2−2/p} for p ≥ 2.
    static func sampleBound(totalSensitivity s: Double, dimension d: Int, p: Double) -> Double {
        p < 2 ? min(pow(s, 2 / p), pow(Double(d), 1 - p / 2) * s) : pow(s, 2 - 2 / p)
    }

    /// Runs the task for `model` with the run's seeds: level i's matrix from the instance seed's
    /// stream "sample-complexity-level" number i, the samples from the algorithm seed.
    init(model: SensitivitySampling, seeds: RunSeeds) throws(SensitivityError) {
        var generator = Xoshiro256StarStar(seed: seeds.algorithm)
        let grid = model.sampleGrid.sorted()
        var xs: [Double] = [], ys: [Double] = []
        for (index, level) in model.spikeLevels.enumerated() {
            var shape = model.shape
            shape.spikes = Int(level)
            var instanceGenerator = Xoshiro256StarStar(seed: seeds.instanceStream("sample-complexity-level", index: index))
            let a = try MatrixFamily.blockSpiky.matrix(shape, file: nil, using: &instanceGenerator)
            let basis = try OrthonormalBasis(a)
            let exact = ExactSensitivities(basis: basis, p: model.p, tolerance: model.tolerance)
            let total = exact.sensitivities.reduce(0, +)
            let estimator = DistortionEstimator(basis: basis, p: model.p, maximizers: exact.maximizers,
                                                randomDirections: model.directions, starts: model.ascentStarts,
                                                ascentSteps: model.ascentSteps, using: &generator)
            var previous: (m: Double, e: Double)?
            var found = Double.infinity
            for m in grid {
                let sampler = ImportanceSampler(scores: exact.sensitivities, target: m)
                let trials = try EmbeddingTrials(basis: basis, p: model.p, sampler: sampler, estimator: estimator,
                                                 trials: model.trials, targets: nil, using: &generator)
                let e = Statistics.quantile(trials.distortions, 0.9)
                if e <= model.epsilon {
                    if let previous {
                        let t = (log(previous.e) - log(model.epsilon)) / (log(previous.e) - log(max(e, 1e-300)))
                        found = exp(log(previous.m) + t * (log(m) - log(previous.m)))
                    } else {
                        found = 0
                    }
                    break
                }
                previous = (m, e)
            }
            mStar.append(found)
            totals.append(total)
            let upperMStar = found > 0 ? found : grid[0]
            boundRatios.append(upperMStar * model.epsilon * model.epsilon
                / Self.sampleBound(totalSensitivity: total, dimension: basis.dimension, p: model.p))
            if found > 0 && found.isFinite {
                xs.append(log(total))
                ys.append(log(found))
            }
        }
        fit = Statistics.linearFit(x: xs, y: ys)
    }
}
