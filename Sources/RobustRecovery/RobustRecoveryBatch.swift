import ExperimentKit
import NumericsCore

extension RobustRecovery: BatchExperiment {
    /// Equal for points that can share one pass: the instance (d, r, λ, m, noise), the
    /// algorithm, r', the initialization and T. Scale, step, decay and the stopping, fit and
    /// divergence thresholds may differ within a batch.
    public var batchKey: String {
        "robust-recovery d=\(d) r=\(rank) λ=\(spectrum) m=\(measurementCount) noise=\(noise) \(algorithm.rawValue) "
            + "r'=\(searchRank) init=\(initialization.rawValue) T=\(iterations)"
    }

    /// Runs the batch on the instance of `seeds[0].instance`: SubGM, noiseless SubGM and ℓ2
    /// points together (one fused pass over the operator per iteration for all of them); the
    /// population dynamics one by one. A point whose run throws is a `failed` outcome.
    public static func run(batch: [RobustRecovery], seeds: [RunSeeds], record: RecordPolicy) throws -> [Outcome] {
        let key = batch.first?.batchKey
        let together = batch.count == seeds.count && batch.allSatisfy { $0.algorithm != .population && $0.batchKey == key }
            && Set(seeds.map(\.instance)).count <= 1
        if together, let outcomes = try? runTogether(batch: batch, seeds: seeds, record: record) {
            return outcomes
        }
        return zip(batch, seeds).map { point, seed in
            do {
                return try point.run(seeds: seed, record: record)
            } catch {
                return Outcome(status: .failed, message: "\(error)", metrics: [:], series: [:])
            }
        }
    }

    /// Points of one measurement-based algorithm sharing one instance, advanced together by
    /// `BatchedSubgradientIteration`.
    static func runTogether(batch: [RobustRecovery], seeds: [RunSeeds], record: RecordPolicy) throws -> [Outcome] {
        guard let first = batch.first, let instanceSeed = seeds.first?.instance else { return [] }
        var instanceGenerator = Xoshiro256StarStar(seed: instanceSeed)
        let instance = try RecoveryInstance(d: first.d, spectrum: first.spectrum, measurementCount: first.measurementCount,
                                            noise: first.noise, using: &instanceGenerator)
        let factors = try zip(batch, seeds).map { point, seed in try point.initialFactor(instance, seeds: seed) }
        var iteration = try BatchedSubgradientIteration(models: batch, instance: instance, factors: factors, record: record)
        return try iteration.run()
    }
}
