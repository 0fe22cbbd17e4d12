import ExperimentKit
import ResultStore
import Specs

/// A point of a study's plan joined with what the store holds under its key.
public struct PlannedRun: Sendable {
    /// The point of the plan.
    public var point: RunPoint
    /// The stored run, when it is stored and current; nil when it is missing or stale.
    public var stored: StoredRun?
    /// The stored run when it is stale: produced by other code than this build's model.
    public var stale: StoredRun?

    /// Creates a planned run.
    public init(point: RunPoint, stored: StoredRun?, stale: StoredRun? = nil) {
        self.point = point
        self.stored = stored
        self.stale = stale
    }

    /// Joins `point` with `run` (the run stored under its key, if any): a run whose code
    /// fingerprint differs from `fingerprint` is stale. An empty `fingerprint` (a model built
    /// without one) makes no run stale.
    public init(point: RunPoint, run: StoredRun?, fingerprint: String) {
        self.point = point
        if let run, !fingerprint.isEmpty, run.record.codeFingerprint != fingerprint {
            self.stored = nil
            self.stale = run
        } else {
            self.stored = run
            self.stale = nil
        }
    }

    /// Where the run stands.
    public var state: RunState {
        if stale != nil { return .stale }
        guard let stored else { return .missing }
        return RunStatus(rawValue: stored.record.status).map(RunState.stored) ?? .stored(.failed)
    }

    /// Why the run is stale, in words; nil when it is not.
    public var staleReason: String? {
        guard let stale else { return nil }
        guard let fingerprint = stale.record.codeFingerprint else {
            return "stored without a code fingerprint (before fingerprints were kept)"
        }
        return "produced by other code (fingerprint \(fingerprint.prefix(12)))"
    }
}

/// Where a planned run stands.
public enum RunState: Sendable, Equatable {
    /// Not in the store.
    case missing
    /// In the store, produced by other code than this build's: counts as not stored.
    case stale
    /// In the store and current, with its status.
    case stored(RunStatus)
}
