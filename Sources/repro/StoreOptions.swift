import ArgumentParser
import Foundation
import ResultStore

/// `--db PATH` (or `REPRO_DB`), default `results/repro.sqlite`.
struct StoreOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The SQLite store (default: $REPRO_DB or results/repro.sqlite).", valueName: "path"))
    var db: String?

    /// The store path in force.
    var path: String {
        if let db { return db }
        if let env = ProcessInfo.processInfo.environment["REPRO_DB"], !env.isEmpty { return env }
        return "results/repro.sqlite"
    }

    /// How long to wait for another process's lock on the store, in seconds: `REPRO_BUSY_TIMEOUT`,
    /// else `ResultStore.busyTimeout` (30 s).
    func busyTimeout() throws(CLIError) -> Double { try Self.busyTimeout() }

    /// `REPRO_BUSY_TIMEOUT`, else `ResultStore.busyTimeout`, for commands that open stores
    /// named by their own arguments (merge, compare).
    static func busyTimeout() throws(CLIError) -> Double {
        guard let text = ProcessInfo.processInfo.environment["REPRO_BUSY_TIMEOUT"], !text.isEmpty else {
            return ResultStore.busyTimeout
        }
        guard let seconds = Double(text), seconds.isFinite, seconds >= 0, seconds <= 86_400 else {
            throw CLIError("REPRO_BUSY_TIMEOUT: expected seconds in 0...86400, got '\(text)'")
        }
        return seconds
    }

    /// Opens the store for writing (created if missing).
    func openForWriting() throws(CLIError) -> ResultStore {
        let timeout = try busyTimeout()
        do { return try ResultStore(path: path, busyTimeout: timeout) } catch { throw CLIError(error.description) }
    }

    /// Opens an existing store read-only.
    func openForReading() throws(CLIError) -> ResultStore {
        let timeout = try busyTimeout()
        do { return try ResultStore(readingAt: path, busyTimeout: timeout) } catch { throw CLIError(error.description) }
    }
}
