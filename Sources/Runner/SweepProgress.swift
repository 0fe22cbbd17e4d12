/// Receives the progress of a sweep. The executable draws it; the library only reports.
public protocol SweepProgress: Sendable {
    /// A phase of `total` runs named `label` starts.
    func begin(_ label: String, total: Int)
    /// One run of the phase finished (called from worker threads).
    func advance()
    /// The phase ended.
    func finish()
}

/// Progress that goes nowhere (tests, `--quiet`).
public struct SilentProgress: SweepProgress {
    /// Creates a silent reporter.
    public init() {}
    public func begin(_ label: String, total: Int) {}
    public func advance() {}
    public func finish() {}
}
