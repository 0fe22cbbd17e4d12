import Foundation

/// A command run to its end with its wall time and peak resident memory, through
/// bench/store/measure.py (a small Python process that starts it and reads `ru_maxrss` from
/// `wait4`, so that the figure is the command's own, from a floor of about 15 MB, and not
/// that of this large process).
struct ChildProcess {
    /// What a command did.
    struct Outcome: Codable, Sendable {
        /// The command line, as run.
        var command: String
        var status: Int32
        var seconds: Double
        /// Peak resident set size, bytes.
        var peakRSS: Int
    }

    /// The measuring script and its interpreter.
    var python: String
    var script: String

    /// Runs `executable` with `arguments`, its stdout and stderr appended to `log`; throws when
    /// it cannot start or exits with a status not in `allowed`.
    func run(_ executable: String, _ arguments: [String], log: String, allowed: Set<Int32> = [0]) throws -> Outcome {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [python, script, log, executable] + arguments
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let command = ([executable] + arguments).joined(separator: " ")
        struct Line: Decodable { var status: Int32; var seconds: Double; var peakRSS: Int }
        guard process.terminationStatus == 0, let line = try? JSONDecoder().decode(Line.self, from: data) else {
            throw BenchError.store("\(command): could not be measured (\(script) exited \(process.terminationStatus))")
        }
        guard allowed.contains(line.status) else {
            throw BenchError.store("\(command): exit \(line.status) (its output is in \(log))")
        }
        return Outcome(command: command, status: line.status, seconds: line.seconds, peakRSS: line.peakRSS)
    }
}
