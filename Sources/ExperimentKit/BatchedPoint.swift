/// The bookkeeping of one sweep point in a batched iteration loop (`BatchExperiment`): its
/// error curve, series, status and whether it still takes a column of the shared pass. The
/// batched loops of the models keep their own iterates next to these fields and share the two
/// steps every point goes through each iteration: admitting the new error (or stopping as
/// diverged) before the pass, recording error and loss (and stopping at the end of its run)
/// after it.
public protocol BatchedPoint {
    /// The errors of iterations 0, 1, …, t.
    var errors: [Double] { get set }
    var recorder: Recorder { get set }
    /// The loss at the last recorded iteration.
    var loss: Double { get set }
    var status: RunStatus { get set }
    var message: String? { get set }
    var metrics: [String: Double] { get set }
    /// Whether the point still iterates (takes a column of the next pass).
    var active: Bool { get set }
    /// Its column in the pass's workspace this iteration (running points fill the first columns).
    var column: Int { get set }
}

extension BatchedPoint {
    /// Admits iteration t's `error` (the distance named `quantity`): appended to `errors`, or,
    /// when it is not finite or above `blowup`, the point stops as diverged (status, message,
    /// `diverged_at`; its error series ends at the previous error). Returns whether it goes on.
    @inlinable public mutating func admit(error: Double, at t: Int, blowup: Double, quantity: String) -> Bool {
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
    @inlinable public mutating func recordStep(_ t: Int, loss: Double, iterations: Int, stopBelow: Double) -> Bool {
        let error = errors[errors.count - 1]
        let last = t == iterations || error < stopBelow
        self.loss = loss
        recorder.record("error", step: t, value: error, force: last)
        recorder.record("loss", step: t, value: loss, force: last)
        if last { active = false }
        return last
    }
}
