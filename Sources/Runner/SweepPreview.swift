import Analysis
import ExperimentKit
import Specs

/// What `repro run` would do for one study, without running (`repro run --dry-run`).
public struct SweepPreview: Sendable, Equatable {
    /// The spec's id.
    public var specID: String
    /// Runs in the plan.
    public var planned: Int
    /// Runs of the plan in the shard, when a shard is given.
    public var inShard: Int?
    /// Current runs stored.
    public var stored: Int
    /// Stale runs stored (they would run again).
    public var stale: Int
    /// Runs that would execute.
    public var pending: Int
    /// Batches they would execute in.
    public var batches: Int

    /// The preview of `study` under `options`; batches as `registry`'s models form them.
    public init(_ study: Study, options: SweepOptions, registry: ModelRegistry) {
        let pending = SweepRunner.pending(study, options: options)
        let counts = study.counts
        specID = study.spec.id
        planned = counts.planned
        inShard = options.shard.map { shard in study.points.filter { shard.contains(key: $0.identity.key) }.count }
        stored = counts.done
        stale = counts.stale
        self.pending = pending.count
        batches = SweepRunner.batches(pending, model: study.spec.model, registry: registry, cap: options.batch).count
    }

    /// `fig1: 45 planned, 40 stored, 2 stale, would run 7 in 2 batches`.
    public var line: String {
        var text = "\(specID): \(planned) planned"
        if let inShard { text += " (this shard: \(inShard))" }
        text += ", \(stored) stored"
        if stale > 0 { text += ", \(stale) stale" }
        text += ", would run \(pending)"
        if batches < pending { text += " in \(batches) batches" }
        return text
    }
}

extension SweepSummary {
    /// The summary line of spec `id` after a sweep.
    public func line(_ id: String, shard: Shard?) -> String {
        var text = "\(id): \(planned) planned"
        if let shard { text += " (shard \(shard): \(planned - inOtherShards))" }
        text += ", \(cached) already stored, ran \(executed) (ok \(ok), diverged \(diverged), failed \(failed))"
        if staleReplaced > 0 { text += "; \(staleReplaced) of them replaced stale runs" }
        if storedByAnother > 0 { text += "; \(storedByAnother) stored first by another process (kept)" }
        if notStarted > 0 { text += "; \(notStarted) not started (--fail-fast)" }
        if cachedFailed > 0 { text += "; \(cachedFailed) stored as failed (--rerun-failed runs them again)" }
        return text
    }
}
