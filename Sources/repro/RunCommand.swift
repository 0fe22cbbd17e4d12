import ArgumentParser
import Foundation
import Runner
import Specs

/// `repro run SPEC…`: execute what the store does not hold yet.
struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run every planned run of the specs that is not in the store yet.")

    @Argument(help: "Spec files (YAML).")
    var specs: [String]

    @OptionGroup var plan: PlanOptions
    @OptionGroup var store: StoreOptions

    @Option(help: "Runs at once, each with one BLAS thread (default: the number of cores).")
    var jobs: Int = ProcessInfo.processInfo.activeProcessorCount

    @Flag(help: "Run again even when a run is already stored (replaces it).")
    var rerun = false

    @Flag(help: "Show what would run; run nothing and leave the store untouched.")
    var dryRun = false

    @Flag(help: "No progress output on stderr.")
    var quiet = false

    func validate() throws {
        if specs.isEmpty { throw ValidationError("give at least one spec file") }
        if jobs < 1 { throw ValidationError("--jobs must be at least 1, got \(jobs)") }
    }

    func run() throws {
        let loaded = try plan.load(specs)
        let options = SweepOptions(jobs: jobs, rerun: rerun)
        if dryRun {
            let existing = FileManager.default.fileExists(atPath: store.path) ? try store.openForReading() : nil
            for spec in loaded {
                let points = try Self.planned(spec)
                var stored: Set<String> = []
                if let existing {
                    do { stored = try existing.existingRunKeys(among: points.map(\.identity.key)) } catch {
                        throw CLIError(error.description)
                    }
                }
                let todo = SweepRunner.pending(points, stored: stored, rerun: rerun).count
                Console.out("\(spec.id): \(points.count) planned, \(stored.count) stored, would run \(todo)\n")
            }
            return
        }
        let db = try store.openForWriting()
        let runner = SweepRunner(store: db, registry: Models.registry, provenance: ProvenanceProbe.current(),
                                 progress: quiet ? SilentProgress() as any SweepProgress : ProgressBar())
        var failed = 0
        for spec in loaded {
            let summary: SweepSummary
            do { summary = try runner.run(spec, options: options) } catch { throw CLIError(error.description) }
            failed += summary.failed
            Console.out("\(spec.id): \(summary.planned) planned, \(summary.cached) already stored, ran \(summary.executed)"
                + " (ok \(summary.ok), diverged \(summary.diverged), failed \(summary.failed))\n")
        }
        if failed > 0 { throw ExitCode(1) }
    }

    static func planned(_ spec: Spec) throws(CLIError) -> [RunPoint] {
        do { return try SweepRunner.plan(spec, registry: Models.registry) } catch { throw CLIError(error.description) }
    }
}
