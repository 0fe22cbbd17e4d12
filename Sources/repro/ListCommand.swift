import Analysis
import ArgumentParser
import Foundation
import ResultStore
import Runner

/// `repro list`: the specs the store holds runs of, each counted as `repro status` counts it.
struct ListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List the specs in the store, each with its runs counted against the plan of its last run.",
        discussion: """
            A spec whose file is still at the path it was run from is counted as `repro status` counts it \
            (the plan of its last run: done, missing, stale). A spec whose file is gone shows the runs the \
            store links to it, by status.
            """)

    @OptionGroup var store: StoreOptions

    func run() throws {
        let db = try store.openForReading()
        let summaries = try db.specSummaries()
        if summaries.isEmpty { Console.out("no specs in \(store.path)\n") }
        let loader = StudyLoader(registry: Models.registry, allowLarge: true)
        for s in summaries {
            let stored = "stored: " + ["ok", "diverged", "failed"].map { "\($0) \(s.runCounts[$0] ?? 0)" }.joined(separator: ", ")
            let counts: String
            if !FileManager.default.fileExists(atPath: s.spec.path) {
                counts = "spec file not found; " + stored
            } else {
                do {
                    let study = try loader.load([s.spec.path], store: db, remember: true).first
                    if let study, study.spec.id == s.spec.id {
                        counts = study.counts.description + (study.plan.isFilePlan ? "" : " (plan: \(study.plan.flags))")
                    } else {
                        counts = "the file now has id '\(study?.spec.id ?? "?")'; " + stored
                    }
                } catch {
                    counts = "the spec file does not load (\(error)); " + stored
                }
            }
            Console.out("\(s.spec.id)  \(s.spec.model)  \(counts)  \(s.spec.path)\n")
        }
    }
}
