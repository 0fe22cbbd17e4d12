import Analysis
import ArgumentParser
import Foundation
import ResultStore

/// `repro verify SPEC…`: the verdict of every claim, from the stored runs.
struct VerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check the specs' claims against the stored runs.",
        discussion: """
            A claim is PASS or FAIL only when every run it selects is stored and current; a claim some of \
            whose runs are missing, stale (produced by other code) or failed is INCOMPLETE. A claim that does \
            not hold and whose spec documents the deviation is DEVIATES. Each verdict comes with the margin \
            to the threshold and P(PASS) over 1000 bootstrap resamples of the replicates (exact for up to 4 \
            replicates); one between 0.1 and 0.9 is fragile. Exit codes: 0 every claim passes or deviates as \
            documented; 1 a claim failed, a documented deviation now passes, a planned run failed, or (with \
            --strict) a verdict is fragile; 2 bad input; 3 nothing failed but a claim is incomplete.
            """)

    @Argument(help: "Spec files (YAML).")
    var specs: [String]

    @OptionGroup var plan: PlanOptions
    @OptionGroup var store: StoreOptions

    @Option(help: ArgumentHelp("Also write a Markdown report here.", valueName: "file.md"))
    var report: String?

    @Flag(help: "Exit 1 also when a verdict is fragile (P(PASS) over bootstrap resamples of the replicates between 0.1 and 0.9).")
    var strict = false

    func validate() throws {
        if specs.isEmpty { throw ValidationError("give at least one spec file") }
    }

    func run() throws {
        var opened: ResultStore?
        let streams = try plan.streams(specs) {
            guard FileManager.default.fileExists(atPath: store.path) else {
                throw CLIError("\(store.path): no store here; run `repro run` first")
            }
            opened = try store.openForWriting()
            return opened
        }
        guard let db = opened else { return }
        let results = try streams.map { try StudyVerdicts(stream: $0, store: db) }
        if let report { try Console.emit(Verification.markdown(results), to: report) }
        for result in results { try Verification.save(result, into: db) }
        Console.out(Verification.table(results))
        Console.out(Verification.summary(results) + "\n")
        let paired = streams.filter { $0.spec.agreement != nil }
        if !paired.isEmpty {
            let loader = StudyLoader(registry: Models.registry)
            let studies = try loader.load(paired.map(\.spec.path), store: db, remember: true)
            let tables = try AgreementTable.tables(for: studies) { try loader.load([$0], store: db, remember: true)[0] }
            for study in studies { if let table = tables[study.spec.id] { Console.out("agreement: \(table.summary)\n") } }
        }
        let code = Verification.exitCode(results, strict: strict)
        if code != 0 { throw ExitCode(code) }
    }
}
