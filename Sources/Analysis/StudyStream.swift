import ExperimentKit
import ResultStore
import Specs

/// A spec with its overrides and plan, read from the store one plan group at a time (the
/// replicates of one sweep point) instead of whole as a `Study`: what `verify` and `export
/// --wide` use, so that a reader holds one group's runs, not the plan's.
public struct StudyStream: Sendable {
    /// The spec after overrides.
    public let spec: Spec
    /// The schema of its model.
    public let schema: ModelSchema
    /// The overrides in force.
    public let plan: PlanChoice

    /// Creates a stream.
    public init(spec: Spec, schema: ModelSchema, plan: PlanChoice) {
        self.spec = spec
        self.schema = schema
        self.plan = plan
    }

    /// Calls `body` with each group of the plan, in plan order, joined with `store` (none
    /// stored when nil).
    public func forEachGroup(joinedWith store: ResultStore?, _ body: ([PlannedRun]) throws -> Void) throws {
        try spec.forEachGroup(schema: schema) { points in
            try body(try Study.join(points, fingerprint: schema.codeFingerprint, store: store))
        }
    }
}
