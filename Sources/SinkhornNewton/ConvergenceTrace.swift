import ExperimentKit

/// What a run observes as it iterates: the algorithm's own time on a monotonic clock (the
/// instance setup and the recording of series are not timed), the iterations and seconds at
/// which the marginal error first falls below 1e-6 and 1e-10, the ratio of the last two
/// marginal errors, and the series `marginal_error`,
/// `transport_cost`, `potential` and `elapsed_seconds` at the steps the record policy selects.
struct ConvergenceTrace {
    /// The marginal errors whose hitting times a run reports.
    static let levels: [(threshold: Double, name: String)] = [(1e-6, "1e-6"), (1e-10, "1e-10")]
    /// The series, in the schema's order.
    static let seriesNames = ["marginal_error", "transport_cost", "potential", "elapsed_seconds"]

    /// The recorded series.
    private(set) var recorder: Recorder
    /// The algorithm's time so far.
    private(set) var elapsed: Duration = .zero
    /// The first iteration below each level (+∞ while not reached).
    private(set) var hittingIterations: [Double]
    /// The algorithm's time at that iteration (+∞ while not reached).
    private(set) var hittingSeconds: [Double]
    /// The marginal error at the last observed step and at the step before it (NaN before).
    private(set) var lastErrors = (previous: Double.nan, current: Double.nan)
    private let clock = ContinuousClock()
    private var lastRecorded = -1
    private var lastObserved = -1

    /// A trace for up to `iterations` iterations recorded with `policy`.
    init(policy: RecordPolicy, iterations: Int) {
        recorder = Recorder(policy: policy, names: Self.seriesNames, iterations: iterations)
        hittingIterations = [Double](repeating: .infinity, count: Self.levels.count)
        hittingSeconds = hittingIterations
    }

    /// The clock's reading, to pass to `charge(since:)`.
    var now: ContinuousClock.Instant { clock.now }

    /// Adds the time since `start` to the algorithm's time and returns it in seconds.
    @discardableResult
    mutating func charge(since start: ContinuousClock.Instant) -> Double {
        let spent = clock.now - start
        elapsed += spent
        return Self.seconds(spent)
    }

    /// The algorithm's time so far, in seconds.
    var elapsedSeconds: Double { Self.seconds(elapsed) }

    /// Takes the marginal error after iteration `step` (0: at the start) and, when the policy
    /// selects the step or `force` is set, records the series; `measures` gives ⟨C, P⟩ and f
    /// and is called only then.
    mutating func observe(step: Int, error: Double, force: Bool = false,
                          measures: () -> (transportCost: Double, potential: Double)) {
        for (k, level) in Self.levels.enumerated() where hittingIterations[k].isInfinite && error < level.threshold {
            hittingIterations[k] = Double(step)
            hittingSeconds[k] = elapsedSeconds
        }
        if step != lastObserved {
            lastObserved = step
            lastErrors = (lastErrors.current, error)
        }
        guard step != lastRecorded, force || recorder.wants(step) else { return }
        lastRecorded = step
        let (cost, potential) = measures()
        recorder.record("marginal_error", step: step, value: error, force: true)
        recorder.record("transport_cost", step: step, value: cost, force: true)
        recorder.record("potential", step: step, value: potential, force: true)
        recorder.record("elapsed_seconds", step: step, value: elapsedSeconds, force: true)
    }

    /// The hitting-time metrics: `iterations_to_<level>` and `time_to_<level>_seconds`; the
    /// iterations from the first level to the last, `iterations_1e-6_to_1e-10` (+∞ while the
    /// last is not reached); and `last_error_ratio`, the last marginal error over the one
    /// before it (absent before two steps).
    var hittingMetrics: [String: Double] {
        var metrics: [String: Double] = [:]
        for (k, level) in Self.levels.enumerated() {
            metrics["iterations_to_\(level.name)"] = hittingIterations[k]
            metrics["time_to_\(level.name)_seconds"] = hittingSeconds[k]
        }
        let first = Self.levels[0].name, last = Self.levels[Self.levels.count - 1].name
        metrics["iterations_\(first)_to_\(last)"] = hittingIterations[hittingIterations.count - 1] - hittingIterations[0]
        let ratio = lastErrors.current / lastErrors.previous
        if ratio.isFinite { metrics["last_error_ratio"] = ratio }
        return metrics
    }

    /// A duration in seconds.
    static func seconds(_ d: Duration) -> Double {
        Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
    }
}
