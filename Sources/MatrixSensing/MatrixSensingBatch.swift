import ExperimentKit
import NumericsCore
import Sensing

extension MatrixSensing: SharedInstanceBatch {
    /// Equal for points that can share one pass: the instance (n, r, s, m), the
    /// parameterization, k and T. Step, initialization scale and the stopping and divergence
    /// thresholds may differ within a batch.
    public var batchKey: String {
        "matrix-sensing n=\(n) r=\(rank) s=\(spectrum) m=\(measurementCount) \(parameterization.rawValue) "
            + "k=\(searchRank) T=\(settings.iterations)"
    }

    /// Draws the instance from `seeds[0].instance` and each point's initialization from its
    /// `seeds[j].algorithm`, then runs gradient descent on all points together: one fused pass
    /// per iteration over the packed operator (symmetric model) or the full one (asymmetric).
    public static func runTogether(_ batch: [MatrixSensing], seeds: [RunSeeds], record: RecordPolicy) throws -> [Outcome] {
        guard let first = batch.first, let instanceSeed = seeds.first?.instance else { return [] }
        var instanceGenerator = Xoshiro256StarStar(seed: instanceSeed)
        let symmetric = first.parameterization == .symmetric
        let instance = try SensingInstance(n: first.n, spectrum: first.spectrum, measurementCount: first.measurementCount,
                                           storage: symmetric ? .symmetricPacked : .dense, using: &instanceGenerator)
        let factors = zip(batch, seeds).map { point, seed in point.initialFactors(seeds: seed) }
        let m = Double(instance.measurements.count)
        if symmetric {
            guard let sensing = instance.symmetricOperator else { throw MatrixSensingError.missingSymmetricOperator }
            let points = zip(batch, factors).map { model, factor in SymmetricDescent(model: model, x: factor.0) }
            var loop = SensingLoop(sensing: .symmetric(sensing), measurements: instance.measurements,
                                   groundTruth: instance.groundTruth, weight: .residual, scale: 1 / m,
                                   errorName: errorName, points: points, record: record)
            // k = r: the local Hessian at M*, once for the batch (its points share the instance
            // and k), gives each point its predicted rate.
            if first.searchRank == first.rank {
                let hessian = try LocalHessian(instance: instance, rank: first.rank)
                for j in batch.indices {
                    if let rate = hessian.rate(step: batch[j].settings.step) { loop.runs[j].metrics["hessian_rate"] = rate }
                }
            }
            try loop.run()
            return zip(batch, loop.runs).map { model, run in model.outcome(run, switchIteration: nil) }
        }
        let sensing = DenseSensingOperator(measurementColumns: instance.sensingOperator, n: instance.n)
        let points = zip(batch, factors).map { model, factor in
            AsymmetricDescent(model: model, f: factor.0, g: factor.1 ?? Matrix(rows: model.n, columns: model.searchRank))
        }
        var loop = SensingLoop(sensing: .dense(sensing), measurements: instance.measurements,
                               groundTruth: instance.groundTruth, weight: .residual, scale: 1 / m,
                               errorName: errorName, points: points, record: record)
        for j in points.indices {
            loop.runs[j].metrics["lambda_min_imbalance0"] = try Rebalancing.imbalance(points[j].f, points[j].g)
        }
        try loop.run()
        return zip(loop.points, loop.runs).map { point, run in point.model.outcome(run, switchIteration: point.switchIteration) }
    }

    /// The distance the loop measures, as its divergence message names it.
    static let errorName = "‖M_t − M*‖_F"
}
