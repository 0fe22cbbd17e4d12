import Foundation
import Testing

/// Runs the built `repro` executable and captures its output.
struct CLI {
    /// Where the test's files go.
    let directory: URL

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("repro-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    /// The `repro` binary: next to the test bundle (SwiftPM puts both in the build folder),
    /// or `$REPRO_BIN`.
    static var binary: URL {
        if let env = ProcessInfo.processInfo.environment["REPRO_BIN"] { return URL(fileURLWithPath: env) }
        var dir = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for _ in 0..<4 {
            let candidate = dir.appendingPathComponent("repro")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            dir = dir.deletingLastPathComponent()
        }
        return URL(fileURLWithPath: ".build/debug/repro")
    }

    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// Runs `repro ARGS` in the test directory, with REPRO_DB pointing into it.
    @discardableResult
    func run(_ arguments: [String]) throws -> Result {
        let process = Process()
        process.executableURL = Self.binary
        process.arguments = arguments
        process.currentDirectoryURL = directory
        var env = ProcessInfo.processInfo.environment
        env["REPRO_DB"] = directory.appendingPathComponent("store.sqlite").path
        process.environment = env
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let o = out.fileHandleForReading.readDataToEndOfFile()
        let e = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(status: process.terminationStatus, stdout: String(decoding: o, as: UTF8.self),
                      stderr: String(decoding: e, as: UTF8.self))
    }

    /// Writes a file into the test directory and returns its name.
    @discardableResult
    func write(_ name: String, _ text: String) throws -> String {
        try Data(text.utf8).write(to: directory.appendingPathComponent(name))
        return name
    }

    /// The bytes of a file in the test directory (nil when missing).
    func bytes(_ name: String) -> Data? {
        FileManager.default.contents(atPath: directory.appendingPathComponent(name).path)
    }
}

/// A spec small enough to run in a second: 2 sweep points × 2 replicates.
let tinySpec = """
    id: tiny-symmetric
    title: Tiny symmetric sensing, for the CLI tests
    paper: xiong2023
    model: matrix-sensing
    params: { n: 6, rank: 1, measurements: 80, parameterization: symmetric, init_scale: 0.5, step: 0.1, iterations: 300 }
    sweep:
      search_rank: [1, 2]
    replicates: 2
    record: { every: 50 }
    claims:
      - id: exact-rank-converges
        text: With k = r the error falls below 1e-6
        where: { search_rank: 1 }
        metric: final_error
        aggregate: max
        expect: { below: 1.0e-6 }
        source: { calibration: "a test threshold" }
      - id: impossible
        text: A claim that must fail
        where: { search_rank: 2 }
        metric: final_error
        expect: { below: 0.0 }
        source: { calibration: "a test threshold" }

    """
