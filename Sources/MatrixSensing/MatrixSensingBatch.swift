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

    /// Runs the batch on the instance of `seeds[0].instance`, all points together: symmetric
    /// points by one fused pass over the packed operator per iteration, asymmetric ones
    /// (with or without the rebalancing step) by one fused pass over the full operator. When
    /// the batch cannot run together (mixed keys or instances, or a point whose setup
    /// throws), its points run one by one; a point whose run throws is a `failed` outcome.
    public static func run(batch: [MatrixSensing], seeds: [RunSeeds], record: RecordPolicy) throws -> [Outcome] {
        let key = batch.first?.batchKey
        let together = batch.count == seeds.count && batch.allSatisfy { $0.batchKey == key }
            && Set(seeds.map(\.instance)).count <= 1
        if together, let outcomes = try? runTogether(batch: batch, seeds: seeds, record: record) {
            return outcomes
        }
        return zip(batch, seeds).map { point, seed in
            do {
                guard let outcome = try runTogether(batch: [point], seeds: [seed], record: record).first else {
                    return Outcome(status: .failed, message: "no outcome", metrics: [:], series: [:])
                }
                return outcome
            } catch {
                return Outcome(status: .failed, message: "\(error)", metrics: [:], series: [:])
            }
        }
    }

    /// Points of one batch key sharing one instance, advanced together by
    /// `SymmetricBatchDescent` or `AsymmetricBatchDescent`.
    static func runTogether(batch: [MatrixSensing], seeds: [RunSeeds], record: RecordPolicy) throws -> [Outcome] {
        guard let first = batch.first, let instanceSeed = seeds.first?.instance else { return [] }
        var instanceGenerator = Xoshiro256StarStar(seed: instanceSeed)
        let symmetric = first.parameterization == .symmetric
        let instance = try SensingInstance(n: first.n, spectrum: first.spectrum, measurementCount: first.measurementCount,
                                           storage: symmetric ? .symmetricPacked : .dense, using: &instanceGenerator)
        let factors = zip(batch, seeds).map { point, seed in point.initialFactors(seeds: seed) }
        if symmetric {
            var descent = try SymmetricBatchDescent(models: batch, instance: instance, factors: factors.map(\.0),
                                                    record: record)
            return try descent.run()
        }
        let pairs = factors.map { f, g in (f, g ?? Matrix(rows: f.rows, columns: f.columns)) }
        var descent = try AsymmetricBatchDescent(models: batch, instance: instance, factors: pairs, record: record)
        return try descent.run()
    }
}
