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
        guard schema.name == model else {
            throw SpecError(file: path, line: 0, column: 0, keyPath: "model",
                            message: "the spec's model is '\(model)', not '\(schema.name)'")
        }
        var points: [RunPoint] = []
        points.reserveCapacity(min(runCount, 1 << 22))
        for swept in sweep.combinations() {
            var given = params
            for (key, value) in swept.values { given[key] = value }
            let resolved: ParameterSet
            do throws(ParameterError) {
                resolved = try schema.resolve(given)
            } catch {
                let at = swept.values.isEmpty ? "" : " (at \(PointValidation.listing(swept)))"
                throw SpecError(file: path, line: 0, column: 0, keyPath: error.key, message: error.message + at)
            }
            for replicate in 0..<max(0, replicates) {
                points.append(RunPoint(parameters: resolved, sweepValues: swept, replicate: replicate,
                                       identity: RunIdentity(schema: schema, parameters: resolved, replicate: replicate)))
            }
        }
        return points
    }
}
