import ExperimentKit
import Specs

extension SweepRunner {
    /// The default cap on a batch's size (`repro run --batch`): eight sweep points sharing an
    /// instance cost about three times one point per iteration (bench/results.md), and larger
    /// batches leave fewer units of work for `--jobs` to spread (and lose more work to a crash:
    /// a batch's runs are written when it ends).
    public static let defaultBatchSize = 8

    /// Cuts `points` (the pending points of one spec, in plan order) into the units of work of
    /// a sweep. Points with equal instance seeds and equal batch keys (`key`; nil means the
    /// point runs alone) go together, in plan order, at most `cap` per batch; batches come in
    /// the order of their first point. The batches depend on `points` and `cap` only, never on
    /// `--jobs`, so every job count stores the same numbers.
    public static func batches(_ points: [RunPoint], cap: Int, key: (RunPoint) -> String?) -> [[RunPoint]] {
        struct Group: Hashable {
            var instance: UInt64
            var key: String
        }
        let cap = max(1, cap)
        var batches: [[RunPoint]] = []
        var open: [Group: Int] = [:]
        for point in points {
            guard cap > 1, let key = key(point) else {
                batches.append([point])
                continue
            }
            let group = Group(instance: point.identity.seeds.instance, key: key)
            if let index = open[group], batches[index].count < cap {
                batches[index].append(point)
            } else {
                open[group] = batches.count
                batches.append([point])
            }
        }
        return batches
    }

    /// The batches of `points` of `model` under `cap`, keyed by the model's batch keys
    /// (`BatchExperiment.batchKey`); a model that does not batch runs every point alone.
    public static func batches(_ points: [RunPoint], model: String, registry: ModelRegistry, cap: Int) -> [[RunPoint]] {
        batches(points, cap: cap) { registry.batchKey(model: model, point: $0) }
    }
}

extension ModelRegistry {
    /// The batch key of `point` of `model`: nil when the model does not batch (it is not a
    /// `BatchExperiment`) or the point's parameters do not build an experiment (it then runs
    /// alone and fails with that error).
    public func batchKey(model: String, point: RunPoint) -> String? {
        guard let type = self.type(of: model), type is any BatchExperiment.Type,
              let experiment = try? type.init(parameters: point.parameters) as? any BatchExperiment
        else { return nil }
        return experiment.batchKey
    }
}
