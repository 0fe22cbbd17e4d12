import ExperimentKit
import NumericsCore

extension MatrixSensing: BatchExperiment {
    /// Equal for points that can share one pass: the instance (n, r, s, m), the
    /// parameterization, k and T. Step, initialization scale and the stopping and divergence
    /// thresholds may differ within a batch.
    public var batchKey: String {
        "matrix-sensing n=\(n) r=\(rank) s=\(spectrum) m=\(measurementCount) \(parameterization.rawValue) "
            + "k=\(searchRank) T=\(iterations)"
    }

    /// Runs the batch on the instance of `seeds[0].instance`: symmetric points together
    /// (one fused pass over the packed operator per iteration for all of them); the
    /// asymmetric models one by one. A point whose run throws is a `failed` outcome.
    public static func run(batch: [MatrixSensing], seeds: [RunSeeds], record: RecordPolicy) throws -> [Outcome] {
        let key = batch.first?.batchKey
        let together = batch.count == seeds.count && batch.allSatisfy { $0.parameterization == .symmetric && $0.batchKey == key }
            && Set(seeds.map(\.instance)).count <= 1
        if together, let outcomes = try? runSymmetric(batch: batch, seeds: seeds, record: record) {
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

    /// Symmetric points sharing one instance, advanced together by `SymmetricBatchDescent`.
    static func runSymmetric(batch: [MatrixSensing], seeds: [RunSeeds], record: RecordPolicy) throws -> [Outcome] {
        guard let first = batch.first, let instanceSeed = seeds.first?.instance else { return [] }
        var instanceGenerator = Xoshiro256StarStar(seed: instanceSeed)
        let instance = try SensingInstance(n: first.n, spectrum: first.spectrum, measurementCount: first.measurementCount,
                                           storage: .symmetricPacked, using: &instanceGenerator)
        let factors = zip(batch, seeds).map { point, seed in point.initialFactors(seeds: seed).0 }
        var descent = try SymmetricBatchDescent(models: batch, instance: instance, factors: factors, record: record)
        return try descent.run()
    }
}
