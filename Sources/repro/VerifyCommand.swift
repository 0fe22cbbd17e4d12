import ArgumentParser
import Foundation
import Runner
import Specs

/// `repro verify SPEC…`: the verdict of every claim, from the stored runs.
struct VerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check the specs' claims against the stored runs; exit 1 when a claim fails.")

    @Argument(help: "Spec files (YAML).")
    var specs: [String]

    @OptionGroup var plan: PlanOptions
    @OptionGroup var store: StoreOptions

    @Option(help: ArgumentHelp("Also write a Markdown report here.", valueName: "file.md"))
    var report: String?

    func validate() throws {
        if specs.isEmpty { throw ValidationError("give at least one spec file") }
    }

    func run() throws {
        let loaded = try plan.load(specs)
        guard FileManager.default.fileExists(atPath: store.path) else {
            throw CLIError("\(store.path): no store here; run `repro run` first")
        }
        let db = try store.openForWriting()
        let verification = Verification(registry: Models.registry, store: db)
        var results: [(spec: Spec, verdicts: [ClaimVerdict])] = []
        for spec in loaded {
            do {
                let verdicts = try verification.verdicts(for: spec)
                try verification.save(verdicts, of: spec)
                results.append((spec, verdicts))
            } catch {
                throw CLIError(error.description)
            }
        }
        Console.out(Verification.table(results.flatMap { r in r.verdicts.map { (r.spec.id, $0) } }))
        let all = results.flatMap(\.verdicts)
        Console.out("\(all.filter(\.passed).count) of \(all.count) claims pass\n")
        if let report { try Console.emit(Verification.markdown(results), to: report) }
        if all.contains(where: { !$0.passed }) { throw ExitCode(1) }
    }
}
