import ExperimentKit
import Foundation
import Specs

/// The model-program workers of one job of a sweep: at most one running worker per program,
/// started at the job's first run of that program and serving its later runs, so an
/// interpreter starts once per job, not once per run. A worker that crashed, hung, or wrote
/// output outside the protocol is killed and replaced at the next run.
///
/// Owned by one job (one thread); `finish()` ends every worker when the job ends.
public final class ProgramWorkers {
    private var workers: [String: ProgramProcess] = [:]

    /// Creates an empty set of workers.
    public init() {}

    deinit { finish() }

    /// Runs `point` of `program` with the record policy `record` and returns its outcome; any
    /// misbehaviour of the program is a failed outcome whose message gives the reason and the
    /// tail of the program's stderr.
    public func run(_ program: ModelProgram, point: RunPoint, record: RecordPolicy) -> Outcome {
        let name = program.name
        let worker: ProgramProcess
        if let running = workers[name] {
            worker = running
        } else {
            do throws(ModelProgramError) {
                worker = try ProgramProcess(program.declaration, mode: "worker")
            } catch {
                return Self.failed(error.description)
            }
            workers[name] = worker
        }
        guard worker.send(ProgramRun.request(point, record: record)) else {
            return replace(name, worker, reason: "the worker no longer reads its input (it exited)")
        }
        do throws(ProgramRun.Failure) {
            return try ProgramRun.read(from: worker, schema: program.schema, timeout: program.declaration.timeoutSeconds)
        } catch {
            guard error.replaceWorker else { return Self.failed(error.reason) }
            return replace(name, worker, reason: error.reason)
        }
    }

    /// Kills `worker` (which stops serving `name`) and returns the failed outcome with its
    /// stderr's tail.
    private func replace(_ name: String, _ worker: ProgramProcess, reason: String) -> Outcome {
        workers[name] = nil
        worker.kill()
        worker.collectErrors(milliseconds: 200)
        worker.stop()
        let tail = worker.stderrTail()
        return Self.failed(tail.isEmpty ? reason : "\(reason); stderr: \(tail)")
    }

    /// Ends every worker: closes its input and waits briefly for it to exit.
    public func finish() {
        for worker in workers.values { worker.finish() }
        workers = [:]
    }

    /// Kills every model-program process of this process (Ctrl-C of a sweep).
    public static func killAll() { ProgramProcess.killAll() }

    private static func failed(_ message: String) -> Outcome {
        Outcome(status: .failed, message: message, metrics: [:], series: [:])
    }
}
