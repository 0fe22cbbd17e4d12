import ArgumentParser
import Foundation
import ResultStore
import Runner
import Specs

/// `repro run SPEC…`: execute what the store does not hold yet.
struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run every planned run of the specs that is not in the store yet.",
        discussion: """
            A run is written with its metrics and series in one transaction, so a sweep stopped at any \
            moment (Ctrl-C, kill -9, a lost node) is resumed by the same command: it runs exactly the \
            missing runs. A failed run is stored with its error and the sweep goes on (--fail-fast stops \
            it); the exit code is 1 when a run of the plan failed. Sweep points that share an instance \
            run together in batches of up to --batch points when the model supports it; the store still \
            holds one run per point.
            """)

    @Argument(help: "Spec files (YAML).")
    var specs: [String]

    @OptionGroup var plan: PlanOptions
    @OptionGroup var store: StoreOptions

    @Option(help: "Runs at once, each with one BLAS thread (default: the number of cores).")
    var jobs: Int = ProcessInfo.processInfo.activeProcessorCount

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
        if jobs < 1 { throw ValidationError("--jobs must be at least 1, got \(jobs)") }
        if batch < 1 { throw ValidationError("--batch must be at least 1, got \(batch)") }
        if let shard {
            do { _ = try Shard(parsing: shard) } catch { throw ValidationError(error.description) }
        }
    }

    func run() throws {
        let loaded = try plan.load(specs)
        let options = SweepOptions(jobs: jobs, rerun: rerun, rerunFailed: rerunFailed, failFast: failFast,
                                   shard: try shard.map(Self.parse(shard:)), batch: batch)
        if dryRun { return try report(loaded, options: options) }
        let provenance = ProvenanceProbe.current()
        if requireClean { try Self.checkClean(provenance) }
        let db = try store.openForWriting()
        let runner = SweepRunner(store: db, registry: Models.registry, provenance: provenance,
                                 progress: quiet ? SilentProgress() as any SweepProgress : ProgressBar())
        let summaries: [SweepSummary]
        do { summaries = try runner.run(loaded, options: options) } catch { throw CLIError(error.description) }
        for (spec, summary) in zip(loaded, summaries) {
            Console.out(Self.line(spec.id, summary, shard: options.shard))
        }
        if summaries.contains(where: { $0.failed + $0.cachedFailed > 0 }) { throw ExitCode(1) }
    }

    /// `--dry-run`: what each spec would run, without opening the store for writing.
    private func report(_ loaded: [Spec], options: SweepOptions) throws {
        let existing = FileManager.default.fileExists(atPath: store.path) ? try store.openForReading() : nil
        for spec in loaded {
            let points = try Self.planned(spec)
            var statuses: [String: String] = [:]
            if let existing {
                do { statuses = try existing.runStatuses(among: points.map(\.identity.key)) } catch {
                    throw CLIError(error.description)
                }
            }
            let pending = SweepRunner.pending(points, statuses: statuses, options: options)
            let batches = SweepRunner.batches(pending, model: spec.model, registry: Models.registry, cap: options.batch).count
            let batchText = batches < pending.count ? " in \(batches) batches" : ""
            let shardText = options.shard.map { shard in
                " (shard \(shard): \(points.filter { shard.contains(key: $0.identity.key) }.count))"
            } ?? ""
            Console.out("\(spec.id): \(points.count) planned\(shardText), \(statuses.count) stored, would run \(pending.count)\(batchText)\n")
        }
    }

    /// The summary line of one spec.
    static func line(_ id: String, _ s: SweepSummary, shard: Shard?) -> String {
        var text = "\(id): \(s.planned) planned"
        if let shard { text += " (shard \(shard): \(s.planned - s.inOtherShards))" }
        text += ", \(s.cached) already stored, ran \(s.executed) (ok \(s.ok), diverged \(s.diverged), failed \(s.failed))"
        if s.storedByAnother > 0 { text += "; \(s.storedByAnother) stored first by another process (kept)" }
        if s.notStarted > 0 { text += "; \(s.notStarted) not started (--fail-fast)" }
        if s.cachedFailed > 0 { text += "; \(s.cachedFailed) stored as failed (--rerun-failed runs them again)" }
        return text + "\n"
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

    static func parse(shard text: String) throws(CLIError) -> Shard {
        do { return try Shard(parsing: text) } catch { throw CLIError(error.description) }
    }

    static func planned(_ spec: Spec) throws(CLIError) -> [RunPoint] {
        do { return try SweepRunner.plan(spec, registry: Models.registry) } catch { throw CLIError(error.description) }
    }
}
