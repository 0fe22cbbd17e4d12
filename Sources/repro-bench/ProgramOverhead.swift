import ExperimentKit
import Foundation
import Runner
import Specs

/// The cost of the model-program protocol (docs/model-programs.md): an empty Python program
/// run through a persistent worker (`ProgramWorkers`, as a sweep's job runs it), request
/// written to result read and checked. Per run: the median over repetitions of a block of runs
/// that record nothing, divided by the block's size. Per series point: a block whose runs each
/// send `pointsPerRun` series points, one JSON line each, minus the empty block, over the points.
struct ProgramOverhead: Codable, Sendable {
    /// Seconds per run of the empty program, the worker already started.
    var secondsPerRun: Double
    /// Seconds per series point sent as its own line.
    var secondsPerPoint: Double
    /// Seconds of the first run of a worker: the interpreter's start-up and the program's imports.
    var firstRunSeconds: Double
    /// Runs per timed block, points per run in the series block, repetitions.
    var runsPerBlock: Int, pointsPerRun: Int, repeats: Int
    /// The interpreter.
    var python: String

    /// The empty program: one parameter `points`, one metric, one series.
    static let program = """
        import json, sys
        SCHEMA = {"summary": "empty model program (protocol cost)", "metrics": ["value"], "series": ["error"],
                  "parameters": [{"name": "points", "kind": "integer", "min": 0, "default": 0}]}
        if sys.argv[-1] == "describe":
            print(json.dumps(SCHEMA))
            sys.exit(0)
        out = sys.stdout
        for line in sys.stdin:
            request = json.loads(line)
            for t in range(request["parameters"]["points"]):
                out.write('{"series": "error", "step": %d, "value": 0.5}\\n' % t)
            out.write('{"status": "ok", "metrics": {"value": 1.0}}\\n')
            out.flush()

        """

    /// Measures with `python`, `repeats` blocks of `runsPerBlock` runs each (fewer with `quick`).
    static func measure(python: String, repeats: Int, quick: Bool, progress: (String) -> Void) throws -> ProgramOverhead {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("repro-bench-program-\(getpid())")
        let models = folder.appendingPathComponent("models")
        try FileManager.default.createDirectory(at: models, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try Data(program.utf8).write(to: models.appendingPathComponent("empty.py"))
        try Data("command: [\(python), empty.py]\ncode: [empty.py]\ntimeout: 60\n".utf8)
            .write(to: models.appendingPathComponent("empty.yaml"))
        guard let model = try ProgramCatalog(roots: []).program(named: "empty", besideSpecAt: folder.appendingPathComponent("spec.yaml").path)
        else { throw ModelProgramError("the empty program was not found in \(models.path)") }
        let runsPerBlock = quick ? 50 : 500, pointsPerRun = quick ? 100 : 1000
        func point(_ points: Int, replicate: Int) throws -> RunPoint {
            let parameters = try model.schema.resolve(ParameterSet(["points": .int(points)]))
            return RunPoint(parameters: parameters, sweepValues: ParameterSet(), replicate: replicate,
                            identity: RunIdentity(schema: model.schema, parameters: parameters, replicate: replicate))
        }
        let empty = try (0..<runsPerBlock).map { try point(0, replicate: $0) }
        let withPoints = try (0..<runsPerBlock / 10).map { try point(pointsPerRun, replicate: $0) }
        let workers = ProgramWorkers()
        defer { workers.finish() }
        func block(_ points: [RunPoint]) throws -> Double {
            let start = ContinuousClock.now
            for p in points {
                let outcome = workers.run(model, point: p, record: RecordPolicy())
                guard outcome.status == .ok else { throw ModelProgramError("the empty program failed: \(outcome.message ?? "")") }
            }
            let elapsed = ContinuousClock.now - start
            return (Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18) / Double(points.count)
        }
        progress("model programs: first run of a worker (start-up)")
        let first = try block([try point(0, replicate: runsPerBlock)])
        progress("model programs: \(repeats) block(s) of \(runsPerBlock) empty runs, of \(withPoints.count) runs with \(pointsPerRun) points")
        var perRun: [Double] = [], perPointRun: [Double] = []
        for _ in 0..<repeats {
            perRun.append(try block(empty))
            perPointRun.append(try block(withPoints))
        }
        let run = median(perRun), pointRun = median(perPointRun)
        return ProgramOverhead(secondsPerRun: run, secondsPerPoint: max(0, pointRun - run) / Double(pointsPerRun),
                               firstRunSeconds: first, runsPerBlock: runsPerBlock, pointsPerRun: pointsPerRun,
                               repeats: repeats, python: python)
    }

    static func median(_ xs: [Double]) -> Double {
        let s = xs.sorted()
        guard !s.isEmpty else { return .nan }
        return s.count % 2 == 1 ? s[s.count / 2] : 0.5 * (s[s.count / 2 - 1] + s[s.count / 2])
    }

    /// The section of bench/results.md.
    var markdown: [String] {
        ["## Model programs", "",
         "An empty Python program (`\(python)`) run through a persistent worker, as one job of a sweep runs a model "
            + "program: request line written, result line read and checked (docs/model-programs.md). Median over "
            + "\(repeats) block(s) of \(runsPerBlock) runs; per series point: blocks of \(runsPerBlock / 10) runs sending "
            + "\(pointsPerRun) points each, one JSON line per point, minus the empty runs.", "",
         "| per run | per series point | first run of a worker (start-up) |", "|---|---|---|",
         "| \(Format.seconds(secondsPerRun)) | \(Format.seconds(secondsPerPoint)) | \(Format.seconds(firstRunSeconds)) |", ""]
    }

    /// The target: under 5 ms per run with a persistent worker.
    static func acceptance(_ overhead: ProgramOverhead?) -> AcceptanceLine {
        let criterion = "Model-program protocol overhead per run with a persistent worker under 5 ms"
        guard let overhead else { return AcceptanceLine(criterion: criterion, verdict: .notMeasured, numbers: "part `programs` not run") }
        return AcceptanceLine(criterion: criterion, verdict: overhead.secondsPerRun < 5e-3 ? .pass : .fail,
                              numbers: "\(Format.seconds(overhead.secondsPerRun)) per run, "
                                  + "\(Format.seconds(overhead.secondsPerPoint)) per series point")
    }
}
