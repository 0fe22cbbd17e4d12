/// The models `repro` knows, by their `model:` name.
public struct ModelRegistry: Sendable {
    private let models: [String: any Experiment.Type]

    /// Creates a registry from model types; their schema names are the keys.
    public init(_ types: [any Experiment.Type]) {
        var map: [String: any Experiment.Type] = [:]
        for t in types { map[t.schema.name] = t }
        models = map
    }

    /// Model names, sorted.
    public var names: [String] { models.keys.sorted() }

    /// The schema of `model`, or `nil` when unknown.
    public func schema(of model: String) -> ModelSchema? { models[model]?.schema }

    /// The type registered as `model`, or `nil`.
    public func type(of model: String) -> (any Experiment.Type)? { models[model] }
}
