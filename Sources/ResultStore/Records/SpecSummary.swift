/// A spec with how many of its runs are stored, for `repro list`.
public struct SpecSummary: Sendable, Equatable {
    /// The spec.
    public var spec: SpecRecord
    /// Number of runs of the spec by status (`ok`, `diverged`, `failed`); statuses with no run
    /// are absent.
    public var runCounts: [String: Int]

    /// Creates a summary.
    public init(spec: SpecRecord, runCounts: [String: Int]) {
        self.spec = spec
        self.runCounts = runCounts
    }
}
