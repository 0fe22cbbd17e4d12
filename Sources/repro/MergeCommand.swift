import ArgumentParser
import Foundation
import ResultStore

/// `repro merge A.sqlite B.sqlite … --into OUT.sqlite`: unite stores (e.g. the shards of a
/// Slurm job array) by run key.
struct MergeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge",
        abstract: "Unite stores into one by run key (idempotent; sources are only read).",
        discussion: """
            The same key is the same run: a run already in OUT is kept. When a source holds a \
            different result for a key OUT already has (status, metrics or series), the conflict is \
            reported on stderr and OUT's run is kept.
            """)

    @Argument(help: ArgumentHelp("Stores to merge.", valueName: "store.sqlite"))
    var sources: [String]

    @Option(help: ArgumentHelp("The store to merge into (created if missing).", valueName: "out.sqlite"))
    var into: String

    func validate() throws {
        if sources.isEmpty { throw ValidationError("give at least one store to merge") }
        let target = URL(fileURLWithPath: into).standardizedFileURL.path
        if let same = sources.first(where: { URL(fileURLWithPath: $0).standardizedFileURL.path == target }) {
            throw ValidationError("'\(same)' is also the --into store")
        }
    }

    func run() throws {
        let timeout = try StoreOptions.busyTimeout()
        // Every source is opened (so checked) before the destination is touched; each is
        // released once merged, so that memory does not grow with the number of sources.
        var opened: [ResultStore?]
        do {
            opened = try sources.map { (path: String) throws(StoreError) -> ResultStore? in
                try ResultStore(readingAt: path, busyTimeout: timeout)
            }
        } catch { throw CLIError(error.description) }
        let destination: ResultStore
        do { destination = try ResultStore(path: into, busyTimeout: timeout) } catch { throw CLIError(error.description) }
        var conflicts = 0
        for index in opened.indices {
            guard let source = opened[index] else { continue }
            defer { opened[index] = nil }
            let summary: MergeSummary
            do { summary = try destination.merge(from: source) } catch { throw CLIError(error.description) }
            for conflict in summary.conflicts { Console.error("\(source.path): \(conflict)") }
            conflicts += summary.conflicts.count
            Console.out("\(source.path): \(summary.runsAdded) runs added, \(summary.runsAlreadyPresent) already present"
                + (summary.conflicts.isEmpty ? "" : " (\(summary.conflicts.count) conflicting, kept)") + "\n")
        }
        let total: Int
        do { total = try destination.runCount() } catch { throw CLIError(error.description) }
        Console.out("\(into): \(total) runs" + (conflicts > 0 ? ", \(conflicts) conflicts reported" : "") + "\n")
    }
}
