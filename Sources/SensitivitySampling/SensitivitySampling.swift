import ExperimentKit
import Foundation
import NumericsCore

/// The ℓp sensitivity-sampling experiment built on Woodruff & Yasuda (ICML 2023): draw A ∈
/// R^{n×d} (or take the user's matrix, `matrix: file`), compute exact ℓp sensitivities σᵢ, Lewis weights and leverage scores,
/// check the paper's bounds between them, sample rows with qᵢ = min(1, scoreᵢ/α) and measure
/// the distortion ε(S) = sup_x |‖SAx‖_p^p/‖Ax‖_p^p − 1| of the sample. The paper has no
/// experiments; this suite is the project's design.
public struct SensitivitySampling: Experiment {
    /// The matrix family.
    public let family: MatrixFamily
    /// Shape and family parameters.
    let shape: FamilyShape
    /// The matrix of `matrix: file`, as the data layer read it from `path`; nil for the other families.
    public let file: MatrixInput?
    /// p.
    public let p: Double
    /// The sampling scores.
    public let scoreKind: ScoreKind
    /// Lewis steps of root-leverage scores.
    public let rounds: Int
    /// m, target expected sample size.
    public let samples: Double
    /// Samples drawn per run.
    public let trials: Int
    /// Estimator: random candidate directions.
    public let directions: Int
    /// Estimator: extreme candidates refined per side.
    public let ascentStarts: Int
    /// Estimator: evaluations per local ascent.
    public let ascentSteps: Int
    /// Relative duality gap of the sensitivity solves.
    public let tolerance: Double
    /// Stopping tolerance of the Lewis iteration.
    public let lewisTolerance: Double
    /// Relative slack of the bound checks.
    public let boundSlack: Double
    /// Whether to report the ℓp regression cost ratio.
    public let regression: Bool
    /// Whether to record the per-row series.
    public let rowSeries: Bool
    /// True for the sample-complexity task.
    public let sampleComplexityTask: Bool
    /// Levels k of the sample-complexity task.
    public let spikeLevels: [Double]
    /// Sizes m of the sample-complexity task.
    public let sampleGrid: [Double]
    /// ε, the distortion target of m*(ε).
    public let epsilon: Double

    /// Reads the resolved parameters of `SensitivitySampling.schema`.
    public init(parameters q: ParameterSet) throws(ParameterError) {
        let familyName = try q.string("matrix")
        guard let family = MatrixFamily(rawValue: familyName) else {
            throw ParameterError(key: "matrix", message: "unknown matrix family '\(familyName)'")
        }
        self.family = family
        shape = FamilyShape(rowCount: try q.int("n"), dimension: try q.int("d"), tailDegrees: try q.double("tail_dof"),
                            spikes: try q.int("spikes"), spikeRows: try q.int("spike_rows"), lowRank: try q.int("low_rank"),
                            sparseFraction: try q.double("sparse_fraction"), sparseScale: try q.double("sparse_scale"))
        file = family == .file ? try q.matrix("path") : nil
        p = try q.double("p")
        let scoreName = try q.string("scores")
        guard let kind = ScoreKind(rawValue: scoreName) else {
            throw ParameterError(key: "scores", message: "unknown scores '\(scoreName)'")
        }
        scoreKind = kind
        rounds = try q.int("rounds")
        samples = try q.double("samples")
        trials = try q.int("trials")
        directions = try q.int("directions")
        ascentStarts = try q.int("ascent_starts")
        ascentSteps = try q.int("ascent_steps")
        tolerance = try q.double("tolerance")
        lewisTolerance = try q.double("lewis_tolerance")
        boundSlack = try q.double("bound_slack")
        regression = try q.bool("regression")
        rowSeries = try q.bool("row_series")
        sampleComplexityTask = try q.string("task") == "sample-complexity"
        spikeLevels = try q.reals("spike_levels")
        sampleGrid = try q.reals("sample_grid")
        epsilon = try q.double("epsilon")
    }

    /// Draws the matrix from `seeds.instance`, the regression targets from its stream
    /// "regression-targets", the samples from `seeds.algorithm`, and measures scores, bounds
    /// and distortions.
    public func run(seeds: RunSeeds, record: RecordPolicy) throws -> Outcome {
        if sampleComplexityTask { return try runSampleComplexity(seeds: seeds) }
        let key = "\(seeds.instance)|\(family.rawValue)|\(shape)|\(file?.contentHash ?? "")|\(p)|\(tolerance)|\(lewisTolerance)"
        let (basis, scores) = try ScoreCache.shared.scores(key: key) { () throws(SensitivityError) in
            var instanceGenerator = Xoshiro256StarStar(seed: seeds.instance)
            let a = try family.matrix(shape, file: file, using: &instanceGenerator)
            let basis = try OrthonormalBasis(a)
            return (basis, try RowScores(basis: basis, p: p, tolerance: tolerance, lewisTolerance: lewisTolerance))
        }
        var metrics = scores.boundMetrics(dimension: basis.dimension, slack: boundSlack)
        let sampling = try scores.scores(scoreKind, basis: basis, rounds: rounds)
        metrics["score_sum"] = sampling.reduce(0, +)
        var series: [String: Series] = [:]
        if rowSeries {
            let steps = Array(0..<basis.rowCount)
            series["sensitivity"] = Series(steps: steps, values: scores.exact.sensitivities)
            series["sensitivity_upper"] = Series(steps: steps, values: scores.exact.upperBounds)
            series["leverage"] = Series(steps: steps, values: scores.leverage)
            series["score"] = Series(steps: steps, values: sampling)
            if let lewis = scores.lewis { series["lewis"] = Series(steps: steps, values: lewis.weights) }
        }
        if trials > 0 {
            let start = Date()
            var generator = Xoshiro256StarStar(seed: seeds.algorithm)
            let sampler = ImportanceSampler(scores: sampling, target: samples)
            metrics["sampling_threshold"] = sampler.threshold
            metrics["expected_sample_size"] = sampler.expectedSize
            let estimator = DistortionEstimator(basis: basis, p: p, maximizers: scores.exact.maximizers,
                                                randomDirections: directions, starts: ascentStarts,
                                                ascentSteps: ascentSteps, using: &generator)
            let targets = regression ? regressionTargets(basis: basis, seed: seeds.instanceStream("regression-targets")) : nil
            let outcome = try EmbeddingTrials(basis: basis, p: p, sampler: sampler, estimator: estimator, trials: trials,
                                              targets: targets, using: &generator)
            for (k, v) in outcome.metrics { metrics[k] = v }
            series["distortion"] = Series(steps: Array(0..<trials), values: outcome.distortions)
            metrics["estimate_seconds"] = Date().timeIntervalSince(start)
        }
        return Outcome(status: .ok, metrics: metrics, series: series)
    }

    /// b = Qβ + e with β ~ N(0, I_d) and e ~ Student-t(3)/√n, drawn with `seed` (the instance
    /// seed's stream "regression-targets", so the matrix draws are unchanged).
    func regressionTargets(basis: OrthonormalBasis, seed: UInt64) -> [Double] {
        var g = Xoshiro256StarStar(seed: seed)
        let beta = (0..<basis.dimension).map { _ in g.nextNormal() }
        var b = [Double](repeating: 0, count: basis.rowCount)
        basis.apply(beta, into: &b)
        let scale = 1 / Double(basis.rowCount).squareRoot()
        for i in b.indices { b[i] += scale * g.nextStudentT(degreesOfFreedom: 3) }
        return b
    }

    /// The sample-complexity task's outcome.
    func runSampleComplexity(seeds: RunSeeds) throws -> Outcome {
        let task = try SampleComplexity(model: self, seeds: seeds)
        var metrics: [String: Double] = [:]
        metrics["predicted_exponent"] = p < 2 ? 2 / p : 2 - 2 / p
        if let fit = task.fit {
            metrics["sensitivity_exponent"] = fit.slope
            metrics["exponent_r_squared"] = fit.rSquared
        }
        metrics["exponent_levels"] = Double(task.mStar.filter { $0 > 0 && $0.isFinite }.count)
        metrics["sample_bound_ratio_max"] = task.boundRatios.max() ?? .nan
        let steps = Array(0..<task.mStar.count)
        return Outcome(status: .ok, metrics: metrics, series: [
            "m_star": Series(steps: steps, values: task.mStar),
            "level_total_sensitivity": Series(steps: steps, values: task.totals),
            "level_sample_bound_ratio": Series(steps: steps, values: task.boundRatios),
        ])
    }
}
