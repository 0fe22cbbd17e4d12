import ExperimentKit

/// One run to execute: complete resolved parameters (defaults filled), the sweep values that
/// picked it, its replicate (0-based) and its identity (run key and seeds).
public struct RunPoint: Sendable, Equatable {
    /// Every parameter of the model's schema, in canonical form.
    public var parameters: ParameterSet
    /// The values of the swept parameters at this point (empty for an unswept spec).
    public var sweepValues: ParameterSet
    /// Replicate number, 0..<replicates.
    public var replicate: Int
    /// Run key and seeds, per DESIGN.md "Seeds and run identity".
    public var identity: RunIdentity

    /// Creates a run point.
    public init(parameters: ParameterSet, sweepValues: ParameterSet, replicate: Int, identity: RunIdentity) {
        self.parameters = parameters
        self.sweepValues = sweepValues
        self.replicate = replicate
        self.identity = identity
    }
}

extension Spec {
    /// All run points: sweep combinations (cartesian over `axes`, zip advanced together,
    /// first axis slowest, zip fastest) × replicates 0..<replicates (replicate fastest), each
    /// resolved by `schema` with its `RunIdentity`. Throws (line 0) when `schema` is not the
    /// spec's model or a point does not resolve (which a loaded spec's points all do).
    public func plan(schema: ModelSchema) throws(SpecError) -> [RunPoint] {
        try check(schema)
        var points: [RunPoint] = []
        points.reserveCapacity(min(runCount, 1 << 22))
        for swept in sweep.combinations() {
            points += try group(swept, schema: schema)
        }
        return points
    }

    /// The plan group by group, in the order of `plan(schema:)`: `body` gets the replicates of
    /// one sweep combination at a time, so a reader holds one group and not the whole plan.
    public func forEachGroup(schema: ModelSchema, _ body: ([RunPoint]) throws -> Void) throws {
        try check(schema)
        for swept in sweep.combinations() {
            try body(try group(swept, schema: schema))
        }
    }

    /// Throws when `schema` is not the spec's model.
    private func check(_ schema: ModelSchema) throws(SpecError) {
        guard schema.name == model else {
            throw SpecError(file: path, line: 0, column: 0, keyPath: "model",
                            message: "the spec's model is '\(model)', not '\(schema.name)'")
        }
    }

    /// The replicates of the sweep combination `swept`, resolved by `schema`.
    private func group(_ swept: ParameterSet, schema: ModelSchema) throws(SpecError) -> [RunPoint] {
        var given = params
        for (key, value) in swept.values { given[key] = value }
        let resolved: ParameterSet
        do throws(ParameterError) {
            resolved = try schema.resolve(given)
        } catch {
            let at = swept.values.isEmpty ? "" : " (at \(PointValidation.listing(swept)))"
            throw SpecError(file: path, line: 0, column: 0, keyPath: error.key, message: error.message + at)
        }
        return (0..<max(0, replicates)).map { replicate in
            RunPoint(parameters: resolved, sweepValues: swept, replicate: replicate,
                     identity: RunIdentity(schema: schema, parameters: resolved, replicate: replicate))
        }
    }
}
