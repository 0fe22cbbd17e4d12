import Analysis
import ExperimentKit
import Foundation
import NumericsCore
import ResultStore
import Specs
import Synchronization

/// How a sweep is run.
public struct SweepOptions: Sendable {
    /// Runs executed at once (threads, each with one BLAS thread; a model program runs in one
    /// worker process per job).
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
    /// Of the points executed now, those whose stored run was stale (replaced).
    public var staleReplaced = 0
    /// Points not started because `failFast` stopped the sweep.
    public var notStarted = 0

    /// Points executed now.
    public var executed: Int { ok + diverged + failed }
}

/// Takes planned studies, skips runs already stored and current, executes the rest (in parallel when
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
    public static func plan(_ spec: Spec, registry: ModelRegistry) throws(StudyError) -> [RunPoint] {
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
        /// Stored, but produced by other code than this build's: it runs again.
        case stale
        /// Its key falls in another shard.
        case otherShard

        /// Whether the point is executed.
        public var runs: Bool {
            switch self {
            case .missing, .rerun, .stale: return true
            case .stored, .otherShard: return false
            }
        }
    }

    /// The decision for a point with key `key` whose stored status is `status` (nil when not
    /// stored); `stale` when the stored run was produced by other code.
    public static func decide(key: String, status: String?, stale: Bool = false, options: SweepOptions) -> Decision {
        if let shard = options.shard, !shard.contains(key: key) { return .otherShard }
        guard let status else { return .missing }
        if stale { return .stale }
        if options.rerun || (options.rerunFailed && status == RunStatus.failed.rawValue) {
            return .rerun(status: status)
        }
        return .stored(status: status)
    }

    /// The decision for a planned run of a study.
    public static func decide(_ run: PlannedRun, options: SweepOptions) -> Decision {
        let stored = run.stored ?? run.stale
        return decide(key: run.point.identity.key, status: stored?.record.status, stale: run.stale != nil, options: options)
    }

    /// The points of `study` that a run executes. `repro run --dry-run` reports this without running.
    public static func pending(_ study: Study, options: SweepOptions) -> [RunPoint] {
        study.runs.filter { decide($0, options: options).runs }.map(\.point)
    }

    /// Runs what is missing or stale of `spec` (more with `rerun`/`rerunFailed`; only its
    /// shard with `shard`), as planned by the spec alone.
    public func run(_ spec: Spec, options: SweepOptions) throws(StudyError) -> SweepSummary {
        try run([spec], options: options)[0]
    }

    /// Runs the specs of `specs` as `run(_ studies:options:)` does, each as planned by the spec alone.
    public func run(_ specs: [Spec], options: SweepOptions) throws(StudyError) -> [SweepSummary] {
        let studies = try specs.map { (spec: Spec) throws(StudyError) -> Study in
            guard let schema = registry.schema(of: spec.model) else { throw .unknownModel(spec.model) }
            return try Study(spec: spec, schema: schema, store: store)
        }
        return try run(studies, options: options)
    }

    /// Runs what is missing or stale of every study, as one sweep: the batches of all specs form one
    /// queue, in spec order then plan order, which the `jobs` workers take from as they free
    /// up, so a spec's last long batch does not leave the other workers idle until it ends. A
    /// point that two specs share (equal run key) runs once, for the first; the second is
    /// linked to it when it is stored, and counts it as already stored, as it would have when
    /// run after the first. One summary per spec, in order. Each study's plan (its overrides and
    /// replicates) is recorded as the plan of its spec's last run, which later read commands
    /// use when given no overrides.
    public func run(_ studies: [Study], options: SweepOptions) throws(StudyError) -> [SweepSummary] {
        let specs = studies.map(\.spec)
        struct Unit {
            let spec: Int
            let batch: [RunPoint]
        }
        var summaries: [SweepSummary] = []
        var units: [Unit] = []
        var replacing = Set<String>()
        /// Specs (ids) to link a run key to once it is stored, besides the spec that runs it.
        var alsoLink: [String: [String]] = [:]
        var queued = Set<String>()
        var staleKeys = Set<String>()
        for (index, study) in studies.enumerated() {
            let spec = study.spec
            var summary = SweepSummary()
            summary.planned = study.runs.count
            var todo: [RunPoint] = []
            var cachedKeys: [String] = []
            for run in study.runs {
                let point = run.point, key = point.identity.key
                let decision = Self.decide(run, options: options)
                switch decision {
                case .otherShard:
                    summary.inOtherShards += 1
                case .stored(let status):
                    summary.cached += 1
                    if status == RunStatus.failed.rawValue { summary.cachedFailed += 1 }
                    cachedKeys.append(key)
                case .missing, .rerun, .stale:
                    if queued.contains(key) {
                        summary.cached += 1
                        alsoLink[key, default: []].append(spec.id)
                    } else {
                        queued.insert(key)
                        todo.append(point)
                        if case .rerun = decision { replacing.insert(key) }
                        if case .stale = decision { replacing.insert(key); staleKeys.insert(key) }
                    }
                }
            }
            do {
                try store.register(spec: SpecRecord(
                    id: spec.id, path: spec.path, contentHash: spec.contentHash, title: spec.title,
                    paper: spec.paper, model: spec.model, registeredAt: Date()))
                try store.savePlan(SpecPlanRecord(specID: spec.id, contentHash: spec.contentHash,
                                                  overrides: study.plan.overrides, replicates: study.plan.replicates,
                                                  runAt: Date()))
                if !cachedKeys.isEmpty { try store.link(specID: spec.id, runKeys: cachedKeys) }
            } catch { throw .store(error) }
            units += Self.batches(todo, model: spec.model, registry: registry, cap: options.batch)
                .map { Unit(spec: index, batch: $0) }
            summaries.append(summary)
        }

        let pending = units.reduce(0) { $0 + $1.batch.count }
        progress.begin(specs.count == 1 ? specs[0].id : "\(specs.count) specs", total: pending)
        let next = Atomic<Int>(0)
        let stop = Atomic<Bool>(false)
        let tallies = Mutex(summaries)
        let firstError = Mutex<StoreError?>(nil)
        let workers = min(options.jobs, max(1, units.count))
        let links = alsoLink, queue = units, replaced = replacing, stale = staleKeys
        DispatchQueue.concurrentPerform(iterations: workers) { _ in
            // Each job has its own model-program workers, ended with the job.
            let programs = ProgramWorkers()
            defer { programs.finish() }
            while !stop.load(ordering: .relaxed) {
                let index = next.wrappingAdd(1, ordering: .relaxed).oldValue
                guard index < queue.count else { return }
                let unit = queue[index], spec = specs[unit.spec]
                var failed = false
                for completed in executor.execute(model: spec.model, batch: unit.batch, record: spec.record, programs: programs) {
                    let written: Bool
                    do throws(StoreError) {
                        written = try write(completed, specID: spec.id, replacing: replaced)
                        for other in links[completed.record.key] ?? [] {
                            try store.link(specID: other, runKeys: [completed.record.key])
                        }
                    } catch {
                        firstError.withLock { if $0 == nil { $0 = error } }
                        stop.store(true, ordering: .relaxed)
                        return
                    }
                    failed = failed || completed.record.status == RunStatus.failed.rawValue
                    tallies.withLock { tallies in
                        switch completed.record.status {
                        case RunStatus.ok.rawValue: tallies[unit.spec].ok += 1
                        case RunStatus.diverged.rawValue: tallies[unit.spec].diverged += 1
                        default: tallies[unit.spec].failed += 1
                        }
                        if !written { tallies[unit.spec].storedByAnother += 1 }
                        if stale.contains(completed.record.key) { tallies[unit.spec].staleReplaced += 1 }
                    }
                    progress.advance()
                }
                if failed && options.failFast { stop.store(true, ordering: .relaxed) }
            }
        }
        progress.finish()
        if let error = firstError.withLock({ $0 }) { throw .store(error) }
        var result = tallies.withLock { $0 }
        var started = Array(repeating: 0, count: specs.count)
        for unit in units { started[unit.spec] += unit.batch.count }
        for index in result.indices {
            result[index].notStarted = started[index] - result[index].executed
        }
        return result
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
