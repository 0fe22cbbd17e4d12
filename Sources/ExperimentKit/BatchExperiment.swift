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

extension BatchExperiment {
    /// `run(batch:seeds:record:)` for experiments held as `any Experiment`, as the runner holds
    /// them through the registry (call it on the registered type, `any BatchExperiment.Type`).
    /// Checks the contract around the call: every experiment is a `Self`, one seed pair per
    /// experiment, one instance seed for all, and one outcome per point; a breach throws
    /// `BatchContractError`, which the runner stores as the failure of every point.
    public static func run(experiments: [any Experiment], seeds: [RunSeeds], record: RecordPolicy) throws -> [Outcome] {
        let batch = experiments.compactMap { $0 as? Self }
        guard batch.count == experiments.count else {
            throw BatchContractError(message: "a batch of '\(schema.name)' holds experiments of another model")
        }
        guard seeds.count == batch.count, Set(seeds.map(\.instance)).count <= 1 else {
            throw BatchContractError(message: "a batch of \(batch.count) points needs as many seed pairs with one instance seed")
        }
        let outcomes = try run(batch: batch, seeds: seeds, record: record)
        guard outcomes.count == batch.count else {
            throw BatchContractError(
                message: "'\(schema.name)' returned \(outcomes.count) outcomes for a batch of \(batch.count) points")
        }
        return outcomes
    }
}

/// A batch handed to, or returned by, `BatchExperiment.run(batch:seeds:record:)` that breaks
/// the protocol's contract (one line for the user).
public struct BatchContractError: Error, Sendable, CustomStringConvertible {
    /// What was wrong.
    public let message: String

    public var description: String { message }
}

/// A `BatchExperiment` whose points of one batch key run on one shared instance: the model
/// draws the instance (`instance(seed:)`) and runs the batch on it (`run(_:on:seeds:record:)`);
/// one point is a batch of one, and a batch whose points do not share a key and an instance
/// seed, or whose joint run throws, runs point by point (a point whose run throws is a `failed`
/// outcome).
public protocol SharedInstanceBatch: BatchExperiment {
    /// The problem instance the points of a batch share (ground truth and measurements).
    associatedtype Instance
    /// The instance of this point's instance parameters, drawn from the instance seed `seed`.
    func instance(seed: UInt64) throws -> Instance
    /// Runs `batch[j]` with `seeds[j]` for every j on `instance`, all with one batch key; one
    /// outcome per point, in order.
    static func run(_ batch: [Self], on instance: Instance, seeds: [RunSeeds], record: RecordPolicy) throws -> [Outcome]
}

extension SharedInstanceBatch {
    /// `batch` on the instance of `seeds[0].instance`.
    public static func runTogether(_ batch: [Self], seeds: [RunSeeds], record: RecordPolicy) throws -> [Outcome] {
        guard let first = batch.first, let seed = seeds.first?.instance else { return [] }
        return try run(batch, on: first.instance(seed: seed), seeds: seeds, record: record)
    }

    /// This point as a batch of one.
    public func run(seeds: RunSeeds, record: RecordPolicy) throws -> Outcome {
        guard let outcome = try Self.runTogether([self], seeds: [seeds], record: record).first else {
            throw BatchContractError(message: "'\(Self.schema.name)' returned no outcome for a batch of one")
        }
        return outcome
    }

    /// Together when the points share a key and an instance seed and the joint run succeeds;
    /// else one by one.
    public static func run(batch: [Self], seeds: [RunSeeds], record: RecordPolicy) throws -> [Outcome] {
        let key = batch.first?.batchKey
        let shared = batch.count == seeds.count && batch.allSatisfy { $0.batchKey == key }
            && Set(seeds.map(\.instance)).count <= 1
        if shared, let outcomes = try? runTogether(batch, seeds: seeds, record: record), outcomes.count == batch.count {
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
}
