import ExperimentKit
import Foundation
import NumericsCore
import ResultStore
import Specs
import Synchronization

/// How a sweep is run.
public struct SweepOptions: Sendable {
    /// Runs executed at once (threads, each with one BLAS thread).
    public var jobs: Int
    /// Run again even when the run key is in the store.
    public var rerun: Bool
    /// Creates options.
    public init(jobs: Int = 1, rerun: Bool = false) {
        self.jobs = max(1, jobs)
        self.rerun = rerun
    }
}

/// What a sweep did.
public struct SweepSummary: Sendable, Equatable {
    /// Run points in the plan.
    public var planned = 0
    /// Points already stored and skipped.
    public var cached = 0
    /// Points executed now, by status.
    public var ok = 0, diverged = 0, failed = 0

    /// Points executed now.
    public var executed: Int { ok + diverged + failed }
}

/// Plans a spec, skips runs already stored, executes the rest (in parallel when
/// `jobs > 1`), and writes each run with its metrics and series in one transaction.
public struct SweepRunner: Sendable {
    let store: ResultStore
    let registry: ModelRegistry
    let executor: RunExecutor
    let progress: any SweepProgress

    /// Creates a runner writing into `store`. Sets OpenBLAS to one thread (parallelism comes
    /// from running several runs at once) and stamps that thread count into the provenance.
    public init(store: ResultStore, registry: ModelRegistry, provenance: Provenance, progress: any SweepProgress) {
        BLASRuntime.setThreads(1)
        var stamped = provenance
        stamped.blasThreads = BLASRuntime.threads
        self.store = store
        self.registry = registry
        self.executor = RunExecutor(registry: registry, provenance: stamped)
        self.progress = progress
    }

    /// The plan of `spec`: every run point with its identity.
    public static func plan(_ spec: Spec, registry: ModelRegistry) throws(RunnerError) -> [RunPoint] {
        guard let schema = registry.schema(of: spec.model) else { throw .unknownModel(spec.model) }
        do { return try spec.plan(schema: schema) } catch { throw .spec(error) }
    }

    /// The points of `points` that a run executes: those whose key is not in `stored`, or all
    /// of them with `rerun`. `repro run --dry-run` reports this without running.
    public static func pending(_ points: [RunPoint], stored: Set<String>, rerun: Bool) -> [RunPoint] {
        rerun ? points : points.filter { !stored.contains($0.identity.key) }
    }

    /// Runs what is missing of `spec` (everything with `rerun`).
    public func run(_ spec: Spec, options: SweepOptions) throws(RunnerError) -> SweepSummary {
        let points = try Self.plan(spec, registry: registry)
        var summary = SweepSummary()
        summary.planned = points.count
        let stored: Set<String>
        do { stored = try store.existingRunKeys(among: points.map(\.identity.key)) } catch { throw .store(error) }
        let todo = Self.pending(points, stored: stored, rerun: options.rerun)
        summary.cached = points.count - todo.count
        do {
            try store.register(spec: SpecRecord(
                id: spec.id, path: spec.path, contentHash: spec.contentHash, title: spec.title,
                paper: spec.paper, model: spec.model, registeredAt: Date()))
            let cachedKeys = points.map(\.identity.key).filter { stored.contains($0) }
            if !cachedKeys.isEmpty { try store.link(specID: spec.id, runKeys: cachedKeys) }
        } catch { throw .store(error) }

        progress.begin(spec.id, total: todo.count)
        let next = Atomic<Int>(0)
        let tally = Mutex(SweepSummary())
        let firstError = Mutex<StoreError?>(nil)
        let workers = min(options.jobs, max(1, todo.count))
        DispatchQueue.concurrentPerform(iterations: workers) { _ in
            while true {
                let index = next.wrappingAdd(1, ordering: .relaxed).oldValue
                guard index < todo.count, firstError.withLock({ $0 == nil }) else { return }
                let completed = executor.execute(model: spec.model, point: todo[index], record: spec.record)
                do throws(StoreError) {
                    try store.record(run: completed.record, metrics: completed.metrics,
                                     series: completed.series, specID: spec.id)
                } catch {
                    firstError.withLock { if $0 == nil { $0 = error } }
                    return
                }
                tally.withLock {
                    switch completed.record.status {
                    case RunStatus.ok.rawValue: $0.ok += 1
                    case RunStatus.diverged.rawValue: $0.diverged += 1
                    default: $0.failed += 1
                    }
                }
                progress.advance()
            }
        }
        progress.finish()
        if let error = firstError.withLock({ $0 }) { throw .store(error) }
        let counts = tally.withLock { $0 }
        summary.ok = counts.ok
        summary.diverged = counts.diverged
        summary.failed = counts.failed
        return summary
    }
}
