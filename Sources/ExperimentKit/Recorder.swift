/// Which iterations a run records into its series: every `every`-th, plus the last.
public struct RecordPolicy: Sendable, Hashable {
    /// Record iteration t when `t % every == 0`.
    public var every: Int

    /// Creates a policy; `every` below 1 is treated as 1.
    public init(every: Int = 1) { self.every = max(1, every) }
}

/// A per-iteration curve: parallel arrays of iteration numbers and values.
public struct Series: Sendable, Equatable {
    /// Iteration numbers t, increasing.
    public var steps: [Int]
    /// The value at each step.
    public var values: [Double]

    /// Creates a series from parallel arrays.
    public init(steps: [Int] = [], values: [Double] = []) {
        self.steps = steps
        self.values = values
    }

    /// Number of recorded points.
    public var count: Int { steps.count }
}

/// Collects downsampled series during a run. Storage is reserved up front, so recording
/// inside an iteration loop does not allocate.
public struct Recorder: Sendable {
    /// The downsampling policy.
    public let policy: RecordPolicy
    /// The curves recorded so far.
    public private(set) var series: [String: Series] = [:]

    /// Creates a recorder for `names`, reserving room for `iterations` iterations.
    public init(policy: RecordPolicy, names: [String], iterations: Int) {
        self.policy = policy
        let capacity = iterations / policy.every + 2
        for name in names {
            var s = Series()
            s.steps.reserveCapacity(capacity)
            s.values.reserveCapacity(capacity)
            series[name] = s
        }
    }

    /// True when iteration `step` is one to record.
    @inlinable public func wants(_ step: Int) -> Bool { step % policy.every == 0 }

    /// Records `value` at `step` when the policy wants it, or when `force` is set (the last
    /// iteration of a run, so every curve ends where the run did).
    public mutating func record(_ name: String, step: Int, value: Double, force: Bool = false) {
        guard force || wants(step) else { return }
        if let last = series[name]?.steps.last, last == step { return }
        series[name, default: Series()].steps.append(step)
        series[name, default: Series()].values.append(value)
    }
}
