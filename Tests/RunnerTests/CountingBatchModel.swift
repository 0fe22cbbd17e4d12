import ExperimentKit
import Foundation
@testable import Analysis
import Runner
import Specs
import Synchronization

/// One call of `CountingBatchModel`: which points it ran, and whether through the batched entry.
struct BatchCall: Sendable, Equatable {
    /// The `tag` parameter of the points (each test uses its own tag).
    var tag: String
    /// The `offset` of each point, in the order the runner passed them.
    var offsets: [Double]
    /// The `scheme` of each point.
    var schemes: [String]
    /// The instance seed of each point.
    var instanceSeeds: [UInt64]
    /// True for `run(batch:seeds:record:)`, false for `run(seeds:record:)`.
    var batched: Bool
}

/// Every call of `CountingBatchModel`, in order (tests filter by their tag: they run in parallel).
let batchCalls = Mutex<[BatchCall]>([])

/// The calls made for `tag`.
func calls(tagged tag: String) -> [BatchCall] {
    batchCalls.withLock { $0.filter { $0.tag == tag } }
}

/// A test-only model that batches: its outcome depends on the seeds and the parameters only, so
/// a point run alone or in any batch gives the same numbers bit for bit, and every call is logged.
/// `fault` drives the failure paths: `throw` makes a run (alone or batched) throw, `short`
/// makes a batched run return one outcome too few, `point` fails the point alone in its outcome.
struct CountingBatchModel: BatchExperiment {
    static let schema = ModelSchema(
        name: "counting-batch", version: 1, summary: "runner test model that counts its batched calls",
        parameters: [
            ParameterSpec("size", kind: .integer(min: 1, max: nil), default: .int(3), instance: true, summary: "instance size"),
            ParameterSpec("tag", kind: .text, default: .string("none"), instance: false, summary: "the test's tag"),
            ParameterSpec("offset", kind: .real(min: nil, max: nil), default: .double(0), instance: false,
                          summary: "algorithm parameter that batches"),
            ParameterSpec("scheme", kind: .choice(["a", "b"]), default: .string("a"), instance: false,
                          summary: "algorithm parameter in the batch key"),
            ParameterSpec("fault", kind: .choice(["none", "throw", "short", "point"]), default: .string("none"),
                          instance: false, summary: "failure to simulate"),
        ],
        metrics: [OutputSpec("value", "instance seed digits + offset + size"), OutputSpec("draw", "algorithm seed digits")],
        series: [OutputSpec("trace", "value × t")])

    /// Thrown by a run with `fault: throw`.
    struct Exploded: Error, CustomStringConvertible {
        var description: String { "batch exploded on purpose" }
    }

    let size: Int, tag: String, offset: Double, scheme: String, fault: String

    init(parameters: ParameterSet) throws(ParameterError) {
        size = try parameters.int("size")
        tag = try parameters.string("tag")
        offset = try parameters.double("offset")
        scheme = try parameters.string("scheme")
        fault = try parameters.string("fault")
    }

    var batchKey: String { "\(size) \(scheme) \(fault)" }

    func run(seeds: RunSeeds, record: RecordPolicy) throws -> Outcome {
        batchCalls.withLock {
            $0.append(BatchCall(tag: tag, offsets: [offset], schemes: [scheme], instanceSeeds: [seeds.instance], batched: false))
        }
        if fault == "throw" { throw Exploded() }
        return outcome(seeds)
    }

    static func run(batch: [Self], seeds: [RunSeeds], record: RecordPolicy) throws -> [Outcome] {
        batchCalls.withLock {
            $0.append(BatchCall(tag: batch.first?.tag ?? "", offsets: batch.map(\.offset), schemes: batch.map(\.scheme),
                                instanceSeeds: seeds.map(\.instance), batched: true))
        }
        if batch.contains(where: { $0.fault == "throw" }) { throw Exploded() }
        let outcomes = zip(batch, seeds).map { $0.outcome($1) }
        return batch.contains { $0.fault == "short" } ? Array(outcomes.dropLast()) : outcomes
    }

    private func outcome(_ seeds: RunSeeds) -> Outcome {
        if fault == "point" { return Outcome(status: .failed, message: "point failed on purpose", metrics: [:], series: [:]) }
        let value = Double(seeds.instance % 1000) + offset + Double(size)
        return Outcome(status: .ok, metrics: ["value": value, "draw": Double(seeds.algorithm % 997)],
                       series: ["trace": Series(steps: [0, 1, 2], values: [0, value, 2 * value])])
    }
}

/// A registry holding the counting model only.
let countingRegistry = ModelRegistry([CountingBatchModel.self])

/// A counting-model spec with id `id`, tag `tag`, the given `sweep:` body and replicates.
func countingSpec(id: String, tag: String, sweep: String, replicates: Int = 2) throws -> Spec {
    let text = """
        id: \(id)
        title: Counting batches
        paper: none
        model: counting-batch
        params: { size: 3, tag: \(tag) }
        sweep: \(sweep)
        replicates: \(replicates)

        """
    return try SpecLoader(registry: countingRegistry).load(text: text, path: "\(id).yaml")
}
