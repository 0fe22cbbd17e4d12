import Foundation

/// What a peer printed: its JSON line of the contract (bench/peers/contract.py).
struct PeerResult: Codable, Sendable {
    /// seconds_per_iteration or seconds_per_call, whichever the peer printed.
    var seconds: Double
    /// The peer's name of itself.
    var peer: String
    /// A number from its result.
    var checksum: Double
    /// The command line, for results.md.
    var command: String
    /// Rows the peer timed when it scaled a partial pass to all rows (`rows_timed`), else nil.
    var rowsTimed: Int?
    /// ‖peer − ours‖ / ‖ours‖ of a result the harness handed the peer (`relative_difference`), else nil.
    var relativeDifference: Double? = nil
}

/// One peer of a part, by label: its result and peer seconds / ours, or why it has none.
struct PeerComparison: Codable, Sendable {
    var label: String
    var result: PeerResult?
    var error: String?
    var speedup: Double?
}

/// Runs the Python peers under bench/peers/ with one BLAS thread.
struct PeerProcess: Sendable {
    /// The Python interpreter (`python3`, or a path).
    var python: String
    /// The folder holding the peer scripts.
    var folder: String

    /// The environment of a peer: ours plus one thread for every BLAS NumPy may use.
    static func environment() -> [String: String] {
        var environment = ProcessInfo.processInfo.environment
        for name in ["OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"] { environment[name] = "1" }
        environment["LD_PRELOAD"] = nil
        return environment
    }

    /// True when `script` exists in the peer folder.
    func has(_ script: String) -> Bool {
        FileManager.default.fileExists(atPath: folder + "/" + script)
    }

    /// Runs `script` with `arguments` and returns its last stdout line, parsed (stderr passes through).
    func run(_ script: String, _ arguments: [String]) throws -> PeerResult {
        let path = folder + "/" + script
        let command = ([python, path] + arguments).joined(separator: " ")
        let output = try Self.capture(executable: "/usr/bin/env", [python, path] + arguments, environment: Self.environment())
        guard output.status == 0 else {
            throw BenchError.peer(script: script, reason: "exited with status \(output.status)")
        }
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        guard let line = output.stdout.split(separator: "\n").last,
              let printed = try? decoder.decode(ContractLine.self, from: Data(line.utf8)),
              let seconds = printed.secondsPerIteration ?? printed.secondsPerCall
        else {
            throw BenchError.peer(script: script, reason: "printed no JSON line with seconds_per_iteration or seconds_per_call: "
                + String(output.stdout.suffix(300)))
        }
        return PeerResult(seconds: seconds, peer: printed.peer ?? script, checksum: printed.checksum ?? .nan, command: command,
                          rowsTimed: printed.rowsTimed, relativeDifference: printed.relativeDifference)
    }

    /// Runs `script` with `arguments` as the peer `label` of a workload ours takes `ours` seconds
    /// on (per iteration or per call, as the peer reports), printing `label` through `progress`;
    /// a peer that fails is kept with its error.
    func compare(_ label: String, _ script: String, _ arguments: [String], ours: Double,
                 progress: (String) -> Void) -> PeerComparison {
        progress(label)
        do {
            let result = try run(script, arguments)
            return PeerComparison(label: label, result: result, speedup: result.seconds / ours)
        } catch {
            return PeerComparison(label: label, error: "\(error)")
        }
    }

    /// The JSON line of the contract (bench/peers/contract.py).
    struct ContractLine: Decodable {
        var secondsPerIteration: Double?
        var secondsPerCall: Double?
        var peer: String?
        var checksum: Double?
        var rowsTimed: Int?
        var relativeDifference: Double?
    }

    /// Runs `executable` with `arguments`; returns its exit status and stdout (stderr is inherited).
    static func capture(executable: String, _ arguments: [String], environment: [String: String]? = nil) throws
        -> (status: Int32, stdout: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if let environment { process.environment = environment }
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}
