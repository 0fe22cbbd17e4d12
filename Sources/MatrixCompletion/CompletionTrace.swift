import ExperimentKit
import Sensing

/// What a run observes as it iterates: the algorithm's own time on a monotonic clock (the
/// measurements of the error are not timed), the error after every iteration (for the hitting
/// times and the linear rate of `ErrorCurve`) and the series `error`, `subspace_distance`,
/// `observed_residual` and `elapsed_seconds` at the steps the record policy selects.
struct CompletionTrace {
    /// The series, in the schema's order.
    static let seriesNames = ["error", "subspace_distance", "observed_residual", "elapsed_seconds"]

    private(set) var recorder: Recorder
    /// The tracked error after each iteration (step 0: the initialization).
    private(set) var errors: [Double] = []
    /// The algorithm's time after each iteration.
    private(set) var times: [Double] = []
    private(set) var elapsed: Duration = .zero
    /// The last step whose series were recorded (−1 before any).
    private(set) var lastRecorded = -1
    /// Whether the series `error` is recorded (the truth is known).
    private let recordsError: Bool
    private let clock = ContinuousClock()

    /// A trace for up to `iterations` iterations recorded with `policy`, with the series `error`
    /// only when the truth is known and `subspace_distance` only when the planted factors are.
    init(policy: RecordPolicy, iterations: Int, truthKnown: Bool, factorsKnown: Bool) {
        let names = Self.seriesNames.filter {
            ($0 != "error" || truthKnown) && ($0 != "subspace_distance" || factorsKnown)
        }
        recorder = Recorder(policy: policy, names: names, iterations: iterations)
        recordsError = truthKnown
        errors.reserveCapacity(iterations + 1)
        times.reserveCapacity(iterations + 1)
    }

    /// The clock's reading, to pass to `charge(since:)`.
    var now: ContinuousClock.Instant { clock.now }

    /// Adds the time since `start` to the algorithm's time.
    mutating func charge(since start: ContinuousClock.Instant) {
        elapsed += clock.now - start
    }

    /// The algorithm's time so far, in seconds.
    var elapsedSeconds: Double {
        let (seconds, attoseconds) = elapsed.components
        return Double(seconds) + Double(attoseconds) * 1e-18
    }

    /// Whether the policy records `step`; then the measures beyond the error are worth computing.
    func wants(_ step: Int) -> Bool { recorder.wants(step) }

    /// Takes the tracked error after iteration `step` and, when given, the recorded measures.
    /// `repeated`: the step's error was taken already (a forced record at the end).
    mutating func observe(step: Int, error: Double, subspaceDistance: Double?, observedResidual: Double?,
                          repeated: Bool = false) {
        if !repeated {
            errors.append(error)
            times.append(elapsedSeconds)
        }
        guard let observedResidual else { return }
        lastRecorded = step
        if recordsError { recorder.record("error", step: step, value: error, force: true) }
        if let subspaceDistance { recorder.record("subspace_distance", step: step, value: subspaceDistance, force: true) }
        recorder.record("observed_residual", step: step, value: observedResidual, force: true)
        recorder.record("elapsed_seconds", step: step, value: elapsedSeconds, force: true)
    }

    /// `iterations_to_1e-<k>` and `time_to_1e-<k>_seconds` for k in `exponents` (+∞ if never).
    func hittingMetrics(exponents: [Int]) -> [String: Double] {
        let curve = ErrorCurve(errors: errors)
        var metrics = curve.hittingTimes(exponents: exponents)
        for k in exponents {
            let t = metrics["iterations_to_1e-\(k)"] ?? .infinity
            metrics["time_to_1e-\(k)_seconds"] = t.isFinite ? times[Int(t)] : .infinity
        }
        return metrics
    }
}
