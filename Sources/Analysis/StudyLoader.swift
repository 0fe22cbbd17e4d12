import ExperimentKit
import ResultStore
import Specs

/// Loads spec files into studies: validates every spec (after its overrides) and plans it
/// before anything runs, and joins the plan with the store.
///
/// Given no `--set` and no `--replicates`, a read command uses the plan the spec was last run
/// with (`remember`), so that `repro run SPEC --set iterations=500` followed by `repro verify
/// SPEC` verifies those runs; explicit flags always win.
public struct StudyLoader: Sendable {
    /// The models a spec may name.
    public let registry: ModelRegistry
    /// Accept plans above `SpecLoader.largeRunLimit` runs.
    public let allowLarge: Bool

    /// Creates a loader.
    public init(registry: ModelRegistry, allowLarge: Bool = false) {
        self.registry = registry
        self.allowLarge = allowLarge
    }

    /// The studies of the spec files at `paths`, in order, each planned under `overrides`
    /// (`--set` texts, `key=v1,v2`) and `replicates` and joined with `store` (none stored when
    /// nil). With neither overrides nor `replicates`, and `remember`, each spec takes the plan
    /// of its last run in `store`. The first bad spec, override or duplicate id throws.
    public func load(_ paths: [String], overrides: [String] = [], replicates: Int? = nil,
                     store: ResultStore?, remember: Bool) throws(StudyError) -> [Study] {
        let planned = try load(paths, overrides: overrides, replicates: replicates)
        guard let store else { return planned }
        return try join(planned, with: store, remember: remember)
    }

    /// The studies of the spec files at `paths`, validated and planned, with nothing stored:
    /// what a command checks before it opens a store.
    public func load(_ paths: [String], overrides: [String] = [], replicates: Int? = nil) throws(StudyError) -> [Study] {
        let choice = PlanChoice(overrides: overrides, replicates: replicates)
        var studies: [Study] = []
        for spec in try specs(paths, choice) {
            studies.append(try study(spec, choice, store: nil))
        }
        return studies
    }

    /// `studies` joined with `store`. With `remember`, a study planned from its file alone
    /// takes the plan of its spec's last run when that one had overrides: its spec is loaded
    /// again under them.
    public func join(_ studies: [Study], with store: ResultStore, remember: Bool) throws(StudyError) -> [Study] {
        try studies.map { (study: Study) throws(StudyError) -> Study in
            guard remember, let (spec, choice) = try remembered(study.spec, study.plan, store) else {
                return try study.joined(with: store)
            }
            return try self.study(spec, choice, store: store)
        }
    }

    /// The spec files at `paths`, validated as `load(_:overrides:replicates:)` does but not
    /// planned, each under the plan of its last run in `store` when `remember` and no flags
    /// are given: to be read group by group.
    public func streams(_ paths: [String], overrides: [String] = [], replicates: Int? = nil,
                        store: ResultStore?, remember: Bool) throws(StudyError) -> [StudyStream] {
        let choice = PlanChoice(overrides: overrides, replicates: replicates)
        var streams: [StudyStream] = []
        for var spec in try specs(paths, choice) {
            var plan = choice
            if remember, let store, let (last, lastChoice) = try remembered(spec, choice, store) { (spec, plan) = (last, lastChoice) }
            guard let schema = registry.schema(of: spec.model) else { throw .unknownModel(spec.model) }
            streams.append(StudyStream(spec: spec, schema: schema, plan: plan))
        }
        return streams
    }

    /// `spec` loaded again under the plan of its last run in `store`, when `choice` is the
    /// file's own and that run had overrides; nil otherwise.
    private func remembered(_ spec: Spec, _ choice: PlanChoice, _ store: ResultStore) throws(StudyError) -> (Spec, PlanChoice)? {
        guard choice.isFilePlan else { return nil }
        let last: SpecPlanRecord?
        do throws(StoreError) { last = try store.lastPlan(specID: spec.id) } catch { throw .store(error) }
        guard let last, !last.isFilePlan else { return nil }
        let remembered = PlanChoice(overrides: last.overrides, replicates: last.replicates, remembered: true,
                                    specChangedSince: last.contentHash != spec.contentHash)
        do {
            return (try load(spec.path, remembered, SpecLoader(registry: registry, allowLarge: allowLarge)), remembered)
        } catch {
            throw .input("\(spec.path): the plan of its last run (\(remembered.flags)) no longer applies: \(error); "
                + "give --set or --replicates, or run the spec again")
        }
    }

    /// The study of `spec` under `choice`, joined with `store`.
    private func study(_ spec: Spec, _ choice: PlanChoice, store: ResultStore?) throws(StudyError) -> Study {
        guard let schema = registry.schema(of: spec.model) else { throw .unknownModel(spec.model) }
        return try Study(spec: spec, schema: schema, plan: choice, store: store)
    }

    /// The spec files at `paths` under `choice`'s overrides; two with one id throw.
    private func specs(_ paths: [String], _ choice: PlanChoice) throws(StudyError) -> [Spec] {
        let loader = SpecLoader(registry: registry, allowLarge: allowLarge)
        var specs: [Spec] = []
        var seen: [String: String] = [:]
        for path in paths {
            let spec = try load(path, choice, loader)
            if let other = seen[spec.id] { throw .input("\(spec.path): id '\(spec.id)' is also the id of \(other)") }
            seen[spec.id] = spec.path
            specs.append(spec)
        }
        return specs
    }

    /// One spec file under `choice`'s overrides.
    private func load(_ path: String, _ choice: PlanChoice, _ loader: SpecLoader) throws(StudyError) -> Spec {
        do {
            let parsed = try choice.overrides.map { (text: String) throws(SpecError) -> Override in try Override(parsing: text) }
            return try loader.load(path: path, overrides: parsed, replicates: choice.replicates)
        } catch {
            throw .spec(error)
        }
    }
}
