/// A model whose sweep points that share an instance can be advanced together: one pass over
/// the instance's data (the measurement operator) serves every point of the batch, so the
/// work per iteration is a matrix–matrix product instead of one matrix–vector product per
/// point.
///
/// The runner forms a batch from pending runs of one spec whose instance seeds are equal and
/// whose `batchKey`s are equal, runs it with `run(batch:seeds:record:)`, and stores one run
/// per point, exactly as if each had been run alone.
public protocol BatchExperiment: Experiment {
    /// Points with equal keys (and equal instance seeds) may share a batch: the key must
    /// include every parameter the batched iteration needs to be equal across the batch
    /// (the instance parameters, and e.g. the algorithm and iteration budget).
    var batchKey: String { get }

    /// Runs `batch[j]` with `seeds[j]` for every j, all on the instance drawn from
    /// `seeds[0].instance` (equal for all), and returns one outcome per point, in order.
    /// Each outcome equals `batch[j].run(seeds: seeds[j], record: record)` within
    /// floating-point reassociation. A point that diverges stops alone, and a point whose
    /// run throws is a `failed` outcome; neither stops the others.
    static func run(batch: [Self], seeds: [RunSeeds], record: RecordPolicy) throws -> [Outcome]
}
