import ExperimentKit
import Foundation
import Testing

/// What a corpus case must produce: the error's position, key path and a part of its message.
struct Expectation: Sendable, CustomStringConvertible {
    /// 1-based line, 0 for an error about the whole file (no position).
    var line: Int
    /// 1-based column, 0 with line 0.
    var column: Int
    /// The key path, empty for an error about the whole document.
    var keyPath: String
    /// A part of the message.
    var message: String

    var description: String { "\(line):\(column) \(keyPath.isEmpty ? "-" : keyPath) | \(message)" }

    /// Parses `LINE:COL KEY | message` (`-` for no position or no key path).
    init?(parsing text: Substring) {
        guard let bar = text.firstIndex(of: "|") else { return nil }
        let fields = text[..<bar].split(separator: " ")
        guard fields.count == 2 else { return nil }
        if fields[0] == "-" {
            (line, column) = (0, 0)
        } else {
            let parts = fields[0].split(separator: ":")
            guard parts.count == 2, let l = Int(parts[0]), let c = Int(parts[1]) else { return nil }
            (line, column) = (l, c)
        }
        keyPath = fields[1] == "-" ? "" : String(fields[1])
        message = text[text.index(after: bar)...].trimmingCharacters(in: .whitespaces)
    }

    init(line: Int, column: Int, keyPath: String, message: String) {
        self.line = line
        self.column = column
        self.keyPath = keyPath
        self.message = message
    }

    /// The start every one-line error for `file` must have: `file:L:C: key: ` (parts left out
    /// as `SpecError.description` leaves them out).
    func prefix(file: String) -> String {
        var text = file
        if line > 0 { text += ":\(line):\(column)" }
        text += ": "
        if !keyPath.isEmpty { text += keyPath + ": " }
        return text
    }
}

/// One malformed spec of `Tests/BadInputTests/Corpus`, with the expectation of its header
/// (`# expect: LINE:COL KEY | message part`, in the first lines; `-` for no position or key).
struct CorpusCase: Sendable, CustomStringConvertible {
    var name: String
    var path: String
    var expectation: Expectation

    var description: String { name }

    /// The corpus directory, found from this source file.
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Corpus")

    /// Every case, sorted by name.
    static let all: [CorpusCase] = {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return names.filter { $0.hasSuffix(".yaml") }.sorted().map { name in
            let path = directory.appendingPathComponent(name).path
            let head = FileManager.default.contents(atPath: path).map { Array($0.prefix(4096)) } ?? []
            let line = head.split(separator: 0x0A).lazy.map { String(decoding: $0, as: UTF8.self) }
                .first { $0.hasPrefix("# expect: ") }
            let expectation = line.flatMap { Expectation(parsing: $0.dropFirst("# expect: ".count)) }
                ?? Expectation(line: -1, column: -1, keyPath: "?", message: "no '# expect:' header")
            return CorpusCase(name: String(name.dropLast(5)), path: path, expectation: expectation)
        }
    }()
}

/// A scratch directory under the system's temporary directory, removed by `remove()`.
struct Scratch {
    let url: URL

    init(_ label: String) throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("repro-bad-input-\(label)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    func path(_ name: String) -> String { url.appendingPathComponent(name).path }

    @discardableResult
    func write(_ name: String, _ text: String) throws -> String {
        try Data(text.utf8).write(to: url.appendingPathComponent(name))
        return path(name)
    }

    func remove() { try? FileManager.default.removeItem(at: url) }
}

/// SHA-256 of a store file and of its WAL side file: equal fingerprints mean nothing was
/// written. An absent and an empty WAL file are the same ("-"): SQLite creates an empty one
/// when it opens a WAL store, even read-only, and removes it on the last close.
func storeFingerprint(_ path: String) -> String {
    func hash(_ p: String) -> String {
        guard let data = FileManager.default.contents(atPath: p), !data.isEmpty else { return "-" }
        return RunIdentity.sha256Hex(Array(data))
    }
    return hash(path) + " wal " + hash(path + "-wal")
}

/// Runs the built `repro` executable.
enum Repro {
    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
        /// The lines of stderr (without the final empty piece).
        var stderrLines: [Substring] { stderr.split(separator: "\n", omittingEmptySubsequences: false).dropLast() }
    }

    /// The binary: `$REPRO_BIN`, else next to the test bundle (SwiftPM builds both in one folder).
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

    /// Runs `repro ARGS` in `directory` with extra environment `env`; `prefix` runs it through
    /// another program (e.g. `setpriv …`).
    static func run(_ arguments: [String], in directory: URL, env extra: [String: String] = [:],
                    prefix: [String] = []) throws -> Result {
        let process = Process()
        if let tool = prefix.first {
            process.executableURL = URL(fileURLWithPath: tool)
            process.arguments = Array(prefix.dropFirst()) + [binary.path] + arguments
        } else {
            process.executableURL = binary
            process.arguments = arguments
        }
        process.currentDirectoryURL = directory
        var env = ProcessInfo.processInfo.environment
        env.removeValue(forKey: "REPRO_DB")
        for (k, v) in extra { env[k] = v }
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
}
