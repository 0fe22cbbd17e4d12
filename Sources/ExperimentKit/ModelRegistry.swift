/// The models `repro` knows, by their `model:` name: Swift types compiled into the tool and
/// model programs declared beside the specs (`ProgramModelSource`). A compiled model and a
/// program may not share a name.
public struct ModelRegistry: Sendable {
    private let models: [String: any Experiment.Type]
    private let programs: (any ProgramModelSource)?

    /// Creates a registry from model types (their schema names are the keys) and, optionally,
    /// a source of model programs.
    public init(_ types: [any Experiment.Type], programs: (any ProgramModelSource)? = nil) {
        var map: [String: any Experiment.Type] = [:]
        for t in types { map[t.schema.name] = t }
        models = map
        self.programs = programs
    }

    /// Model names, sorted: the compiled models and the programs declared in the searched folders.
    public var names: [String] { Set(models.keys).union(programs?.names ?? []).sorted() }

    /// The schema of `model`, or `nil` when unknown (or a program that cannot be described:
    /// `resolveSchema(of:besideSpecAt:)` says why).
    public func schema(of model: String) -> ModelSchema? {
        if let type = models[model] { return type.schema }
        return (try? programs?.program(named: model, besideSpecAt: nil))?.schema
    }

    /// The schema of `model`, looking for a program also beside the spec at `specPath`; throws
    /// when a program of that name has a bad declaration or description, or shares its name
    /// with a compiled model.
    public func resolveSchema(of model: String, besideSpecAt specPath: String?) throws(ModelProgramError) -> ModelSchema? {
        let program = try programs?.program(named: model, besideSpecAt: specPath)
        if let type = models[model] {
            if let program {
                throw ModelProgramError("\(program.declaration.path): the model program '\(model)' has the name of a "
                    + "model compiled into repro; rename the declaration file")
            }
            return type.schema
        }
        return program?.schema
    }

    /// The type registered as `model`, or `nil` (also for a model program).
    public func type(of model: String) -> (any Experiment.Type)? { models[model] }

    /// The model program called `model` (declared and described), or `nil`.
    public func program(of model: String) -> ModelProgram? {
        guard models[model] == nil else { return nil }
        return try? programs?.program(named: model, besideSpecAt: nil)
    }
}
