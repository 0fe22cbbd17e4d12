import ArgumentParser
import ResultStore

/// `repro list`: the specs the store holds runs of.
struct ListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "List the specs in the store with their run counts.")

    @OptionGroup var store: StoreOptions

    func run() throws {
        let db = try store.openForReading()
        let summaries: [SpecSummary]
        do { summaries = try db.specSummaries() } catch { throw CLIError(error.description) }
        if summaries.isEmpty { Console.out("no specs in \(store.path)\n") }
        for s in summaries {
            let counts = ["ok", "diverged", "failed"].map { "\($0) \(s.runCounts[$0] ?? 0)" }.joined(separator: ", ")
            Console.out("\(s.spec.id)  \(s.spec.model)  \(counts)  \(s.spec.path)\n")
        }
    }
}
