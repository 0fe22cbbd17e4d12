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
    /// Run again even when the run key is in the store (replacing the stored run).
    public var rerun: Bool
    /// Run again the runs stored as `failed` (replacing them); other stored runs are kept.
    public var rerunFailed: Bool
    /// Stop starting runs after the first failed run (runs under way, and the other points of
    /// their batches, still finish and are stored). Off by default: a failed run is stored
    /// with its error and the sweep goes on.
    public var failFast: Bool
    /// Only the runs whose key falls in this shard; nil for all.
    public var shard: Shard?
    /// At most this many pending points sharing an instance run together as one batch when
    /// the model is a `BatchExperiment` (1: one by one). See `SweepRunner.batches`.
    public var batch: Int

    /// Creates options.
    public init(jobs: Int = 1, rerun: Bool = false, rerunFailed: Bool = false, failFast: Bool = false, shard: Shard? = nil,
                batch: Int = SweepRunner.defaultBatchSize) {
        self.jobs = max(1, jobs)
        self.rerun = rerun
        self.rerunFailed = rerunFailed
        self.failFast = failFast
        self.shard = shard
        self.batch = max(1, batch)
    }
}

/// What a sweep did.
public struct SweepSummary: Sendable, Equatable {
    /// Run points in the plan (all shards).
    public var planned = 0
    /// Points of the plan that belong to other shards than the one run.
    public var inOtherShards = 0
    /// Points already stored and skipped.
    public var cached = 0
    /// Of the skipped points, those stored as `failed` (`--rerun-failed` runs them again).
    public var cachedFailed = 0
    /// Points executed now, by status.
    public var ok = 0, diverged = 0, failed = 0
    /// Points executed now whose key another process stored first: the stored run was kept.
    public var storedByAnother = 0
    /// Points not started because `failFast` stopped the sweep.
    public var notStarted = 0

    /// Points executed now.
    public var executed: Int { ok + diverged + failed }
}

/// Plans a spec, skips runs already stored, executes the rest (in parallel when
/// `jobs > 1`), and writes each run with its metrics and series in one transaction.
///
/// The units of work are batches (`batches(_:cap:key:)`): pending points of a
/// `BatchExperiment` that share an instance run together, other points alone. Each run of a
/// batch is still written in its own transaction, as soon as the batch ends: a crash leaves
/// whole runs only, and the next sweep runs the missing points (in new batches).
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

    /// Why a planned point would or would not run, given the status stored under its key
    /// (nil when the key is not stored).
    public enum Decision: Sendable, Equatable {
        /// Not in the store: it runs.
        case missing
        /// Stored, and `--rerun` (or `--rerun-failed` for a failed run) runs it again.
        case rerun(status: String)
        /// Stored: it does not run.
        case stored(status: String)
        /// Its key falls in another shard.
        case otherShard

        /// Whether the point is executed.
        public var runs: Bool {
            switch self {
            case .missing, .rerun: return true
            case .stored, .otherShard: return false
            }
        }
    }

    /// The decision for a point with key `key` whose stored status is `status`.
    public static func decide(key: String, status: String?, options: SweepOptions) -> Decision {
        if let shard = options.shard, !shard.contains(key: key) { return .otherShard }
        guard let status else { return .missing }
        if options.rerun || (options.rerunFailed && status == RunStatus.failed.rawValue) {
            return .rerun(status: status)
        }
        return .stored(status: status)
    }

    /// The points of `points` that a run executes, given the stored statuses by key.
    /// `repro run --dry-run` reports this without running.
    public static func pending(_ points: [RunPoint], statuses: [String: String], options: SweepOptions) -> [RunPoint] {
        points.filter { decide(key: $0.identity.key, status: statuses[$0.identity.key], options: options).runs }
    }

    /// Runs what is missing of `spec` (more with `rerun`/`rerunFailed`; only its shard with `shard`).
    public func run(_ spec: Spec, options: SweepOptions) throws(RunnerError) -> SweepSummary {
        let points = try Self.plan(spec, registry: registry)
        var summary = SweepSummary()
        summary.planned = points.count
        let statuses: [String: String]
        do { statuses = try store.runStatuses(among: points.map(\.identity.key)) } catch { throw .store(error) }
        let decisions = points.map { Self.decide(key: $0.identity.key, status: statuses[$0.identity.key], options: options) }
        let todo = zip(points, decisions).filter { $0.1.runs }.map(\.0)
        let replacing = Set(zip(points, decisions).compactMap { point, decision in
            if case .rerun = decision { return point.identity.key } else { return nil }
        })
        summary.inOtherShards = decisions.filter { $0 == .otherShard }.count
        summary.cached = points.count - summary.inOtherShards - todo.count
        summary.cachedFailed = decisions.filter { $0 == .stored(status: RunStatus.failed.rawValue) }.count
        do {
            try store.register(spec: SpecRecord(
                id: spec.id, path: spec.path, contentHash: spec.contentHash, title: spec.title,
                paper: spec.paper, model: spec.model, registeredAt: Date()))
            let cachedKeys = zip(points, decisions).compactMap { point, decision in
                if case .stored = decision { return point.identity.key } else { return nil }
            }
            if !cachedKeys.isEmpty { try store.link(specID: spec.id, runKeys: cachedKeys) }
        } catch { throw .store(error) }

        let batches = Self.batches(todo, model: spec.model, registry: registry, cap: options.batch)
        progress.begin(spec.id, total: todo.count)
        let next = Atomic<Int>(0)
        let stop = Atomic<Bool>(false)
        let tally = Mutex(SweepSummary())
        let firstError = Mutex<StoreError?>(nil)
        let workers = min(options.jobs, max(1, batches.count))
        DispatchQueue.concurrentPerform(iterations: workers) { _ in
            while !stop.load(ordering: .relaxed) {
                let index = next.wrappingAdd(1, ordering: .relaxed).oldValue
                guard index < batches.count else { return }
                var failed = false
                for completed in executor.execute(model: spec.model, batch: batches[index], record: spec.record) {
                    let written: Bool
                    do throws(StoreError) {
                        written = try write(completed, specID: spec.id, replacing: replacing)
                    } catch {
                        firstError.withLock { if $0 == nil { $0 = error } }
                        stop.store(true, ordering: .relaxed)
                        return
                    }
                    failed = failed || completed.record.status == RunStatus.failed.rawValue
                    tally.withLock {
                        switch completed.record.status {
                        case RunStatus.ok.rawValue: $0.ok += 1
                        case RunStatus.diverged.rawValue: $0.diverged += 1
                        default: $0.failed += 1
                        }
                        if !written { $0.storedByAnother += 1 }
                    }
                    progress.advance()
                }
                if failed && options.failFast { stop.store(true, ordering: .relaxed) }
            }
        }
        progress.finish()
        if let error = firstError.withLock({ $0 }) { throw .store(error) }
        let counts = tally.withLock { $0 }
        summary.ok = counts.ok
        summary.diverged = counts.diverged
        summary.failed = counts.failed
        summary.storedByAnother = counts.storedByAnother
        summary.notStarted = todo.count - summary.executed
        return summary
    }

    /// Writes one run in its own transaction: replacing the stored run when its key is in
    /// `replacing` (`--rerun`, `--rerun-failed`), else unless another process stored it first.
    /// Returns whether it wrote the run.
    private func write(_ completed: CompletedRun, specID: String, replacing: Set<String>) throws(StoreError) -> Bool {
        if replacing.contains(completed.record.key) {
            try store.record(run: completed.record, metrics: completed.metrics, series: completed.series, specID: specID)
            return true
        }
        return try store.recordIfAbsent(run: completed.record, metrics: completed.metrics,
                                        series: completed.series, specID: specID)
    }
}
