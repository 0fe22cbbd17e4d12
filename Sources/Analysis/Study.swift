import ExperimentKit
import ResultStore
import Specs

/// The overrides a study was planned with, and where they came from.
public struct PlanChoice: Sendable, Equatable {
    /// `--set` overrides as typed (`key=v1,v2`), in the order applied.
    public var overrides: [String]
    /// `--replicates`, or nil for the spec's own count.
    public var replicates: Int?
    /// True when the overrides were not given but taken from the spec's last `repro run`.
    public var remembered: Bool
    /// True when remembered and the spec file changed since that run.
    public var specChangedSince: Bool

    /// Creates a plan choice.
    public init(overrides: [String] = [], replicates: Int? = nil, remembered: Bool = false, specChangedSince: Bool = false) {
        self.overrides = overrides
        self.replicates = replicates
        self.remembered = remembered
        self.specChangedSince = specChangedSince
    }

    /// True when the plan is the spec file's own.
    public var isFilePlan: Bool { overrides.isEmpty && replicates == nil }

    /// The flags that select this plan: `--set iterations=500 --replicates 1` ("" for the file's).
    public var flags: String {
        (overrides.map { "--set \($0)" } + (replicates.map { ["--replicates \($0)"] } ?? [])).joined(separator: " ")
    }

    /// The line a read command prints when it uses the plan of the last run; nil otherwise.
    public var notice: String? {
        guard remembered, !isFilePlan else { return nil }
        return "using the plan of the last run: \(flags)" + (specChangedSince ? " (the spec file changed since)" : "")
    }
}

/// A spec with its overrides, its plan and its stored runs, built once; every read command
/// (verify, export, plot, report, compare, status, list) takes one, and `run` executes what
/// it lacks.
public struct Study: Sendable {
    /// The spec after overrides.
    public let spec: Spec
    /// The schema of its model.
    public let schema: ModelSchema
    /// The plan, point by point, joined with the store.
    public let runs: [PlannedRun]
    /// The overrides in force.
    public let plan: PlanChoice

    /// Creates a study from its parts.
    public init(spec: Spec, schema: ModelSchema, runs: [PlannedRun], plan: PlanChoice) {
        self.spec = spec
        self.schema = schema
        self.runs = runs
        self.plan = plan
    }

    /// Plans `spec` with `schema` and joins every point with `store` (none stored when nil).
    public init(spec: Spec, schema: ModelSchema, plan: PlanChoice = PlanChoice(), store: ResultStore?) throws(StudyError) {
        let points: [RunPoint]
        do { points = try spec.plan(schema: schema) } catch { throw .spec(error) }
        self.init(spec: spec, schema: schema, runs: try Self.join(points, fingerprint: schema.codeFingerprint, store: store),
                  plan: plan)
    }

    /// The points joined with the runs `store` holds under their keys.
    static func join(_ points: [RunPoint], fingerprint: String, store: ResultStore?) throws(StudyError) -> [PlannedRun] {
        var byKey: [String: StoredRun] = [:]
        if let store {
            do {
                for run in try store.runs(keys: points.map(\.identity.key)) { byKey[run.record.key] = run }
            } catch { throw .store(error) }
        }
        return points.map { PlannedRun(point: $0, run: byKey[$0.identity.key], fingerprint: fingerprint) }
    }

    /// The same plan joined with `store`.
    public func joined(with store: ResultStore) throws(StudyError) -> Study {
        Study(spec: spec, schema: schema, runs: try Self.join(points, fingerprint: schema.codeFingerprint, store: store), plan: plan)
    }

    /// The points of the plan.
    public var points: [RunPoint] { runs.map(\.point) }

    /// How many planned runs are in each state.
    public var counts: StudyCounts {
        var counts = StudyCounts(planned: 0)
        counts.add(runs)
        return counts
    }
}

/// A study's planned runs by state.
public struct StudyCounts: Sendable, Equatable {
    /// Runs in the plan.
    public var planned: Int
    /// Current stored runs by status.
    public var ok = 0, diverged = 0, failed = 0
    /// Not in the store.
    public var missing = 0
    /// In the store but produced by other code.
    public var stale = 0

    /// Current stored runs.
    public var done: Int { ok + diverged + failed }

    /// Counts `runs` too.
    public mutating func add(_ runs: [PlannedRun]) {
        planned += runs.count
        for run in runs {
            switch run.state {
            case .missing: missing += 1
            case .stale: stale += 1
            case .stored(.ok): ok += 1
            case .stored(.diverged): diverged += 1
            case .stored(.failed): failed += 1
            }
        }
    }

    /// `12 planned, 10 done (ok 9, diverged 1, failed 0), missing 1, stale 1`.
    public var description: String {
        "\(planned) planned, \(done) done (ok \(ok), diverged \(diverged), failed \(failed)), missing \(missing)"
            + (stale > 0 ? ", stale \(stale)" : "")
    }
}
