import Dispatch
import Foundation
import Runner
import Synchronization

/// Counts the runs a sweep stores, forwarding to another progress display, so that Ctrl-C
/// can say how many were stored before it.
final class StoredRunCount: SweepProgress {
    private let display: any SweepProgress
    private let stored = Atomic<Int>(0)

    init(_ display: any SweepProgress) { self.display = display }

    /// Runs stored so far.
    var count: Int { stored.load(ordering: .relaxed) }

    func begin(_ label: String, total: Int) { display.begin(label, total: total) }
    func advance() {
        stored.add(1, ordering: .relaxed)
        display.advance()
    }
    func finish() { display.finish() }
}

/// Ctrl-C during `repro run`: one line saying how many runs were stored and that the same
/// command resumes, then exit 130 at once (`_exit`: no exit handlers run under the workers that
/// are inside SQLite or BLAS). A run is written in one transaction, so what is stored is whole;
/// runs under way are lost and run again on resume. Model-program workers are killed first.
enum Interruption {
    /// Installs the handler; returns the signal source, which the caller keeps alive while the
    /// sweep runs and cancels after it.
    static func onInterrupt(_ counter: StoredRunCount) -> any DispatchSourceSignal {
        signal(SIGINT, SIG_IGN)
        let source = DispatchSource.makeSignalSource(signal: SIGINT, queue: .global())
        source.setEventHandler {
            ProgramWorkers.killAll()
            FileHandle.standardError.write(Data("\n".utf8))
            Console.error("interrupted: \(counter.count) run(s) of this sweep were stored; "
                          + "run the same command again to resume (it runs only what is missing)")
            _exit(130)
        }
        source.resume()
        return source
    }
}
