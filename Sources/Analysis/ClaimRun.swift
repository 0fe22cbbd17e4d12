import ExperimentKit

/// What a claim reads of a planned run: its parameters and replicate, where it stands, and a
/// metric's value. `PlannedRun` is one; `ClaimValues` keeps only this, for a plan too large
/// to hold its runs whole.
public protocol ClaimRun: Sendable {
    /// The run's parameters (of its sweep point).
    var parameters: ParameterSet { get }
    /// Replicate index, 0-based.
    var replicate: Int { get }
    /// Missing, stale, or stored with its status.
    var state: RunState { get }
    /// The stored value of metric `name`, or nil.
    func metric(_ name: String) -> Double?
}

extension PlannedRun: ClaimRun {
    public var parameters: ParameterSet { point.parameters }
    public var replicate: Int { point.replicate }
    public func metric(_ name: String) -> Double? { stored?.metrics[name] }
}

/// A planned run reduced to what claims read: parameters (shared by the replicates of a sweep
/// point), replicate, state, and the values of the claims' metrics (NaN for none).
public struct ClaimValues: ClaimRun {
    public var parameters: ParameterSet
    public var replicate: Int
    public var state: RunState
    /// The claims' metric names, shared by every run of a spec.
    let names: [String]
    /// One value per name.
    var values: [Double]

    /// `run` reduced to the metrics `names`.
    public init(_ run: PlannedRun, names: [String]) {
        parameters = run.point.parameters
        replicate = run.point.replicate
        state = run.state
        self.names = names
        values = names.map { run.stored?.metrics[$0] ?? .nan }
    }

    public func metric(_ name: String) -> Double? {
        guard let i = names.firstIndex(of: name), !values[i].isNaN else { return nil }
        return values[i]
    }
}
