import ExperimentKit

/// The bookkeeping of one sweep point's run in a batched iteration loop (`BatchExperiment`):
/// its error curve, series, status and whether it still takes a column of the shared pass. Each
/// model's batched loop keeps its iterates next to one of these, and every point goes through
/// the same two steps each iteration: admitting the new error (or stopping as diverged) before
/// the pass, recording error and loss (and stopping at the end of its run) after it.
public struct PointRun: Sendable {
    /// The errors of iterations 0, 1, …, t.
    public var errors: [Double]
    public var recorder: Recorder
    /// The loss at the last recorded iteration.
    public var loss = Double.nan
    public var status = RunStatus.ok
    public var message: String?
    public var metrics: [String: Double] = [:]
    /// Whether the point still iterates (takes a column of the next pass).
    public var active = true
    /// Its column in the pass's workspace this iteration (running points fill the first columns).
    public var column = 0

    /// A run of at most `iterations` iterations recording into `recorder` (room for every error
    /// reserved, so the loop does not allocate).
    public init(recorder: Recorder, iterations: Int) {
        errors = []
        errors.reserveCapacity(iterations + 1)
        self.recorder = recorder
    }

    /// Admits iteration t's `error` (the distance named `quantity`): appended to `errors`, or,
    /// when it is not finite or above `blowup`, the point stops as diverged (status, message,
    /// `diverged_at`; its error series ends at the previous error). Returns whether it goes on.
    public mutating func admit(error: Double, at t: Int, blowup: Double, quantity: String) -> Bool {
        if let reason = recorder.divergence(error: error, at: t, previous: errors.last, blowup: blowup, quantity: quantity) {
            status = .diverged
            message = reason
            metrics["diverged_at"] = Double(t)
            active = false
            return false
        }
        errors.append(error)
        return true
    }

    /// Records iteration t's error (the last admitted) and `loss` into the "error" and "loss"
    /// series. Returns true, and stops the point, when t is its last iteration: t = `iterations`
    /// or the error fell below `stopBelow` (both series then end at t).
    public mutating func recordStep(_ t: Int, loss: Double, iterations: Int, stopBelow: Double) -> Bool {
        let error = errors[errors.count - 1]
        let last = t == iterations || error < stopBelow
        self.loss = loss
        recorder.record("error", step: t, value: error, force: last)
        recorder.record("loss", step: t, value: loss, force: last)
        if last { active = false }
        return last
    }
}
