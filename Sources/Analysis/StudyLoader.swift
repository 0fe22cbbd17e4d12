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

    /// The studies of the spec files at `paths`, in order. `overrides` are `--set` texts
    /// (`key=v1,v2`); with neither overrides nor `replicates`, and `remember`, each spec takes
    /// the plan of its last run in `store`. The first bad spec, override or duplicate id throws.
    public func load(_ paths: [String], overrides: [String] = [], replicates: Int? = nil,
                     store: ResultStore?, remember: Bool) throws(StudyError) -> [Study] {
        let loader = SpecLoader(registry: registry, allowLarge: allowLarge)
        let given = PlanChoice(overrides: overrides, replicates: replicates)
        var studies: [Study] = []
        var seen: [String: String] = [:]
        for path in paths {
            var (spec, choice) = (try load(path, given, loader), given)
            if remember, given.isFilePlan, let store {
                let last: SpecPlanRecord?
                do { last = try store.lastPlan(specID: spec.id) } catch { throw .store(error) }
                if let last, !last.isFilePlan {
                    choice = PlanChoice(overrides: last.overrides, replicates: last.replicates, remembered: true,
                                        specChangedSince: last.contentHash != spec.contentHash)
                    do {
                        spec = try load(path, choice, loader)
                    } catch {
                        throw .input("\(path): the plan of its last run (\(choice.flags)) no longer applies: \(error); "
                            + "give --set or --replicates, or run the spec again")
                    }
                }
            }
            if let other = seen[spec.id] { throw .input("\(spec.path): id '\(spec.id)' is also the id of \(other)") }
            seen[spec.id] = spec.path
            guard let schema = registry.schema(of: spec.model) else { throw .unknownModel(spec.model) }
            studies.append(try Study(spec: spec, schema: schema, plan: choice, store: store))
        }
        return studies
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
