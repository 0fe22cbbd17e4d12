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

    /// M* and the measurements, with the packed operator (symmetric model) or the full one.
    public func instance(seed: UInt64) throws -> SensingInstance {
        var generator = Xoshiro256StarStar(seed: seed)
        return try SensingInstance(n: n, spectrum: spectrum, measurementCount: measurementCount,
                                   storage: parameterization == .symmetric ? .symmetricPacked : .dense, using: &generator)
    }

    /// Draws each point's initialization from its `seeds[j].algorithm` and runs gradient descent
    /// on all points together: one fused pass per iteration over the packed operator (symmetric
    /// model) or the full one (asymmetric).
    public static func run(_ batch: [MatrixSensing], on instance: SensingInstance, seeds: [RunSeeds],
                           record: RecordPolicy) throws -> [Outcome] {
        guard let first = batch.first else { return [] }
        let symmetric = first.parameterization == .symmetric
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
