import Foundation
import Runner
import Synchronization

/// Progress of a sweep on stderr: a bar with count, rate and ETA on a terminal, plain
/// periodic lines otherwise (CI, Slurm logs). Results never go here.
final class ProgressBar: SweepProgress {
    private struct State {
        var total = 0
        var done = 0
        var label = ""
        var start = ContinuousClock.now
        var lastPrint = ContinuousClock.now
    }

    private let state = Mutex(State())
    private let isTerminal: Bool
    private let interval: Duration
    private let enabled: Bool

    /// Creates a reporter; `enabled` false silences it.
    init(enabled: Bool = true, interval: Duration = .seconds(10)) {
        self.enabled = enabled
        self.isTerminal = isatty(STDERR_FILENO) == 1
        self.interval = interval
    }

    /// Starts a phase of `total` runs named `label`.
    func begin(_ label: String, total: Int) {
        state.withLock {
            $0 = State(total: total, done: 0, label: label)
        }
        emit(final: false, force: true)
    }

    /// Counts one finished run.
    func advance() {
        state.withLock { $0.done += 1 }
        emit(final: false, force: false)
    }

    /// Ends the phase with a last line.
    func finish() { emit(final: true, force: true) }

    private func emit(final: Bool, force: Bool) {
        guard enabled else { return }
        let line: String? = state.withLock { s in
            let now = ContinuousClock.now
            let due = now - s.lastPrint >= (isTerminal ? .milliseconds(200) : interval)
            guard force || due else { return nil }
            s.lastPrint = now
            let elapsed = Self.seconds(now - s.start)
            let rate = elapsed > 0 ? Double(s.done) / elapsed : 0
            let eta = rate > 0 ? Double(s.total - s.done) / rate : .nan
            let counts = "\(s.done)/\(s.total) runs"
            let speed = rate > 0 ? String(format: "%.2f runs/s", rate) : "-- runs/s"
            let remaining = eta.isFinite ? "ETA " + Self.clock(eta) : "ETA --"
            if isTerminal {
                let width = 24
                let filled = s.total > 0 ? width * s.done / s.total : width
                let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled)
                return "\r\(s.label) [\(bar)] \(counts) \(speed) \(remaining)" + (final ? "\n" : "")
            }
            return "\(s.label): \(counts), \(speed), \(final ? "elapsed " + Self.clock(elapsed) : remaining)\n"
        }
        if let line { FileHandle.standardError.write(Data(line.utf8)) }
    }

    static func seconds(_ d: Duration) -> Double {
        Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
    }

    static func clock(_ seconds: Double) -> String {
        let s = Int(seconds.rounded())
        return String(format: "%d:%02d:%02d", s / 3600, (s / 60) % 60, s % 60)
    }
}
