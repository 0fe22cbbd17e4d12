import Analysis
import ArgumentParser
import Foundation
import ResultStore
import Runner

/// `repro run SPEC…`: execute what the store does not hold yet.
struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run every planned run of the specs that is not in the store yet.",
        discussion: """
            A run is written with its metrics and series in one transaction, so a sweep stopped at any \
            moment (Ctrl-C, kill -9, a lost node) is resumed by the same command: it runs exactly the \
            missing runs. A stored run produced by other code (its model's sources changed since) is stale \
            and runs again. The overrides and replicates a spec is run with are remembered: the other \
            commands use them when given none. A failed run is stored with its error and the sweep goes on (--fail-fast stops \
            it); the exit code is 1 when a run of the plan failed. Sweep points that share an instance \
            run together in batches of up to --batch points when the model supports it; the store still \
            holds one run per point.
            """)

    @Argument(help: "Spec files (YAML).")
    var specs: [String]

    @OptionGroup var plan: PlanOptions
    @OptionGroup var store: StoreOptions

    @Option(help: "Runs at once, each with one BLAS thread (default: the number of cores).")
    var jobs: Int?

    @Option(help: ArgumentHelp(
        "Run only shard I of N (1 ≤ I ≤ N), chosen by run key: shards are disjoint and cover the plan.",
        valueName: "I/N"))
    var shard: String?

    @Option(help: ArgumentHelp(
        "Advance at most N sweep points sharing an instance together, when the model batches (1: one by one).",
        valueName: "N"))
    var batch: Int = SweepRunner.defaultBatchSize

    @Flag(help: "Run again even when a run is already stored (replaces it).")
    var rerun = false

    @Flag(help: "Run again the runs stored as failed (replaces them).")
    var rerunFailed = false

    @Flag(help: "Stop starting runs after the first failed run.")
    var failFast = false

    @Flag(help: "Refuse to run unless the git checkout of the working directory is clean.")
    var requireClean = false

    @Flag(help: "Show what would run; run nothing and leave the store untouched.")
    var dryRun = false

    @Flag(help: "No progress output on stderr.")
    var quiet = false

    func validate() throws {
        if specs.isEmpty { throw ValidationError("give at least one spec file") }
        if let jobs, jobs < 1 { throw ValidationError("--jobs must be at least 1, got \(jobs)") }
        if batch < 1 { throw ValidationError("--batch must be at least 1, got \(batch)") }
        if let shard {
            do { _ = try Shard(parsing: shard) } catch { throw ValidationError(error.description) }
        }
    }

    func run() throws {
        let options = SweepOptions(jobs: jobs ?? ProcessInfo.processInfo.activeProcessorCount, rerun: rerun, rerunFailed: rerunFailed, failFast: failFast,
                                   shard: try shard.map { try Shard(parsing: $0) }, batch: batch)
        if dryRun {
            let studies = try plan.studies(specs, remember: false) {
                FileManager.default.fileExists(atPath: store.path) ? try store.openForReading() : nil
            }
            for study in studies {
                Console.out(SweepPreview(study, options: options, registry: Models.registry).line + "\n")
            }
            return
        }
        let provenance = ProvenanceProbe.current()
        var opened: ResultStore?
        let studies = try plan.studies(specs, remember: false) {
            if requireClean { try Self.checkClean(provenance) }
            opened = try store.openForWriting()
            return opened
        }
        guard let db = opened else { return }
        let counter = StoredRunCount(quiet ? SilentProgress() as any SweepProgress : ProgressBar())
        let interruption = Interruption.onInterrupt(counter)
        defer { interruption.cancel() }
        let runner = SweepRunner(store: db, registry: Models.registry, provenance: provenance, progress: counter)
        let summaries = try runner.run(studies, options: options)
        for (study, summary) in zip(studies, summaries) {
            Console.out(summary.line(study.spec.id, shard: options.shard) + "\n")
        }
        if summaries.contains(where: { $0.failed + $0.cachedFailed > 0 }) { throw ExitCode(1) }
    }

    /// Refuses a dirty or unknown checkout for `--require-clean`.
    static func checkClean(_ provenance: Provenance) throws(CLIError) {
        guard provenance.gitCommit != nil else {
            throw CLIError("--require-clean: the working directory is not in a git checkout (or git is missing)")
        }
        if provenance.gitDirty != false {
            throw CLIError("--require-clean: the git checkout at commit \(provenance.gitCommit ?? "?") has uncommitted changes")
        }
    }
}
