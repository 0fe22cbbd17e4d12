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

    /// Opens the store for writing (created if missing).
    func openForWriting() throws(CLIError) -> ResultStore {
        do { return try ResultStore(path: path) } catch { throw CLIError(error.description) }
    }

    /// Opens an existing store read-only.
    func openForReading() throws(CLIError) -> ResultStore {
        do { return try ResultStore(readingAt: path) } catch { throw CLIError(error.description) }
    }
}
