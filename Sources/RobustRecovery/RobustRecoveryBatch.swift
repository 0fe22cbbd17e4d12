import ExperimentKit
import NumericsCore
import Sensing

extension RobustRecovery: SharedInstanceBatch {
    /// Equal for points that can share one pass: the instance (d, r, λ, m, noise), the
    /// algorithm, r', the initialization and T. Scale, step, decay and the stopping, fit and
    /// divergence thresholds may differ within a batch.
    public var batchKey: String {
        "robust-recovery d=\(d) r=\(rank) λ=\(spectrum) m=\(measurementCount) noise=\(noise) \(algorithm.rawValue) "
            + "r'=\(searchRank) init=\(initialization.rawValue) T=\(settings.iterations)"
    }

    /// X* and the measurements with their noise.
    public func instance(seed: UInt64) throws -> RecoveryInstance {
        var generator = Xoshiro256StarStar(seed: seed)
        return try RecoveryInstance(d: d, spectrum: spectrum, measurementCount: measurementCount, noise: noise,
                                    using: &generator)
    }

    /// Draws each point's U₀ and runs the points together: per iteration one fused pass over the
    /// operator (SubGM: the full one, for ‖Q_t‖₂; noiseless SubGM and ℓ2 descent: the packed
    /// symmetric one; the population dynamics: the population operator).
    public static func run(_ batch: [RobustRecovery], on instance: RecoveryInstance, seeds: [RunSeeds],
                           record: RecordPolicy) throws -> [Outcome] {
        guard let first = batch.first else { return [] }
        let points = try zip(batch, seeds).map { model, seed in
            try SubgradientStep(model: model, instance: instance, u: model.initialFactor(instance, seeds: seed))
        }
        let m = Double(instance.measurements.count)
        let sensing: SensingOperator, weight: MeasurementWeight, scale: Double
        switch first.algorithm {
        case .subgm: (sensing, weight, scale) = (.dense(instance.denseOperator), .sign, 1 / m)
        case .subgmNoiseless: (sensing, weight, scale) = (.symmetric(instance.symmetricOperator), .sign, 1 / m)
        case .gdL2: (sensing, weight, scale) = (.symmetric(instance.symmetricOperator), .residual, 2 / m)
        case .population: (sensing, weight, scale) = (.population(groundTruth: instance.groundTruth), .residual, 1)
        }
        var loop = SensingLoop(sensing: sensing, measurements: first.algorithm == .population ? [] : instance.measurements,
                               groundTruth: instance.groundTruth, weight: weight, scale: scale,
                               errorName: "‖U_tU_tᵀ − X*‖_F", points: points, record: record)
        try loop.run()
        return zip(loop.points, loop.runs).map { point, run in
            point.model.outcome(run, finalLossL2: point.finalLossL2, noise: instance.noise, tracker: point.tracker)
        }
    }
}
