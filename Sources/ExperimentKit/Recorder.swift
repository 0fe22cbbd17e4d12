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

/// Collects downsampled series during a run. Storage is reserved up front and each curve is
/// appended in place (an array of curves indexed through a name table, not a dictionary of
/// values, which would copy a curve on every append), so recording inside an iteration loop
/// does not allocate.
public struct Recorder: Sendable {
    /// The downsampling policy.
    public let policy: RecordPolicy
    /// The curves, in the order their names were first seen.
    private var curves: [Series] = []
    /// The position of each curve in `curves`, by name.
    private var positions: [String: Int] = [:]

    /// The curves recorded so far, by name.
    public var series: [String: Series] {
        positions.mapValues { curves[$0] }
    }

    /// Creates a recorder for `names`, reserving room for `iterations` iterations.
    public init(policy: RecordPolicy, names: [String], iterations: Int) {
        self.policy = policy
        let capacity = iterations / policy.every + 2
        for name in names where positions[name] == nil {
            var s = Series()
            s.steps.reserveCapacity(capacity)
            s.values.reserveCapacity(capacity)
            positions[name] = curves.count
            curves.append(s)
        }
    }

    /// True when iteration `step` is one to record.
    @inlinable public func wants(_ step: Int) -> Bool { step % policy.every == 0 }

    /// Records `value` at `step` when the policy wants it, or when `force` is set (the last
    /// iteration of a run, so every curve ends where the run did). A name not given at
    /// creation starts a new curve.
    public mutating func record(_ name: String, step: Int, value: Double, force: Bool = false) {
        guard force || wants(step) else { return }
        let position: Int
        if let known = positions[name] {
            position = known
        } else {
            position = curves.count
            positions[name] = position
            curves.append(Series())
        }
        if curves[position].steps.last == step { return }
        curves[position].steps.append(step)
        curves[position].values.append(value)
    }
}

extension Recorder {
    /// The blow-up test of an iteration loop at iteration t: nil while `error` (the quantity
    /// named `quantity`, e.g. "‖M_t − M*‖_F") is finite and at most `blowup`. Otherwise the run
    /// diverged: the previous error, if any, is recorded as the last point of the "error"
    /// series (so the curve ends where the run did), and the one-line reason is returned.
    public mutating func divergence(error: Double, at t: Int, previous: Double?, blowup: Double,
                                    quantity: String) -> String? {
        if error.isFinite, error <= blowup { return nil }
        if let previous { record("error", step: t - 1, value: previous, force: true) }
        return "error \(quantity) = \(error) exceeded the blow-up bound \(blowup) at iteration \(t)"
    }
}
