import Analysis
import ArgumentParser
import Foundation
import ResultStore
import Runner
import Specs

/// `repro compare A.sqlite B.sqlite [SPEC…]` or `repro compare --commits C1 C2 [SPEC…]`:
/// metrics and claim verdicts of two stores (or two commits' runs of one store) side by side.
struct CompareCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare",
        abstract: "Compare two stores (or two commits' runs in one store): values, differences, verdict changes.",
        discussion: """
            Without spec files, the specs registered in store A (or the --db store) are compared, read from \
            the paths they were registered with. Exit 1 with --fail-on-regression when a claim passed on A \
            and fails on B.
            """)

    @Argument(help: ArgumentHelp("Two stores A B, then spec files (with --commits: spec files only).", valueName: "args"))
    var arguments: [String] = []

    @Option(parsing: .upToNextOption, help: ArgumentHelp(
        "Compare the runs of two git commits (prefixes) in the --db store.", valueName: "C1 C2"))
    var commits: [String] = []

    @OptionGroup var plan: PlanOptions
    @OptionGroup var store: StoreOptions

    @Flag(help: "Show every value, not only the ones that differ.")
    var all = false

    @Option(help: ArgumentHelp("Relative difference still counted as equal (0: exact).", valueName: "r"))
    var tolerance: Double = 0

    @Flag(help: "Exit 1 when a claim's verdict went from pass (A) to fail (B).")
    var failOnRegression = false

    func validate() throws {
        if !commits.isEmpty {
            guard commits.count == 2 else { throw ValidationError("--commits takes two commits, got \(commits.count)") }
        } else if arguments.count < 2 {
            throw ValidationError("give two stores A B (or --commits C1 C2)")
        }
        if !(tolerance >= 0) { throw ValidationError("--tolerance must be ≥ 0") }
    }

    func run() throws {
        let byCommit = !commits.isEmpty
        let storePaths = byCommit ? [store.path] : Array(arguments.prefix(2))
        let timeout = try StoreOptions.busyTimeout()
        let stores = try storePaths.map { (path: String) throws(CLIError) -> ResultStore in
            do { return try ResultStore(readingAt: path, busyTimeout: timeout) } catch { throw CLIError("\(error)") }
        }
        var specPaths = byCommit ? arguments : Array(arguments.dropFirst(2))
        if specPaths.isEmpty {
            do { specPaths = try stores[0].specSummaries().map { $0.spec.path } } catch { throw CLIError("\(error)") }
            if specPaths.isEmpty { throw CLIError("\(storePaths[0]): holds no spec; give spec files") }
        }
        let studies = try plan.studies(specPaths) { stores[0] }
        let comparison = Comparison(tolerance: tolerance)
        var results: [SpecComparison] = []
        for study in studies {
            let points = study.points
            if byCommit {
                let runs = try stores[0].runs(specID: study.spec.id)
                let side = { (commit: String) in
                    Comparison.join(points, runs: runs.filter { $0.record.provenance.gitCommit?.hasPrefix(commit) == true })
                }
                results.append(comparison.compare(study.spec, a: side(commits[0]), b: side(commits[1])))
            } else {
                let keys = points.map(\.identity.key)
                results.append(comparison.compare(study.spec, a: Comparison.join(points, runs: try stores[0].runs(keys: keys)),
                                                  b: Comparison.join(points, runs: try stores[1].runs(keys: keys))))
            }
        }
        let labels = byCommit ? ("commit \(commits[0]) in \(store.path)", "commit \(commits[1]) in \(store.path)")
            : (storePaths[0], storePaths[1])
        Console.out(Comparison.render(results, labels: labels, all: all))
        if failOnRegression, results.contains(where: { $0.verdicts.contains(where: \.isRegression) }) {
            throw ExitCode(1)
        }
    }
}
