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
        let loader = SpecLoader(registry: registry, allowLarge: allowLarge)
        let choice = PlanChoice(overrides: overrides, replicates: replicates)
        var studies: [Study] = []
        var seen: [String: String] = [:]
        for path in paths {
            let spec = try load(path, choice, loader)
            if let other = seen[spec.id] { throw .input("\(spec.path): id '\(spec.id)' is also the id of \(other)") }
            seen[spec.id] = spec.path
            studies.append(try study(spec, choice, store: nil))
        }
        return studies
    }

    /// `studies` joined with `store`. With `remember`, a study planned from its file alone
    /// takes the plan of its spec's last run when that one had overrides: its spec is loaded
    /// again under them.
    public func join(_ studies: [Study], with store: ResultStore, remember: Bool) throws(StudyError) -> [Study] {
        let loader = SpecLoader(registry: registry, allowLarge: allowLarge)
        return try studies.map { (study: Study) throws(StudyError) -> Study in
            guard remember, study.plan.isFilePlan else { return try study.joined(with: store) }
            let last: SpecPlanRecord?
            do throws(StoreError) { last = try store.lastPlan(specID: study.spec.id) } catch { throw .store(error) }
            guard let last, !last.isFilePlan else { return try study.joined(with: store) }
            let choice = PlanChoice(overrides: last.overrides, replicates: last.replicates, remembered: true,
                                    specChangedSince: last.contentHash != study.spec.contentHash)
            let spec: Spec
            do {
                spec = try load(study.spec.path, choice, loader)
            } catch {
                throw .input("\(study.spec.path): the plan of its last run (\(choice.flags)) no longer applies: \(error); "
                    + "give --set or --replicates, or run the spec again")
            }
            return try self.study(spec, choice, store: store)
        }
    }

    /// The study of `spec` under `choice`, joined with `store`.
    private func study(_ spec: Spec, _ choice: PlanChoice, store: ResultStore?) throws(StudyError) -> Study {
        guard let schema = registry.schema(of: spec.model) else { throw .unknownModel(spec.model) }
        return try Study(spec: spec, schema: schema, plan: choice, store: store)
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
