import ExperimentKit

/// A validated experiment spec: what to run (model, parameters, sweep, replicates) and
/// which claims of the paper to check. Built by `SpecLoader`; run points come from `plan`.
public struct Spec: Sendable, Equatable {
    /// Stable id, `[a-z0-9._-]+`; the store keys on it.
    public var id: String
    /// One line saying what the experiment shows.
    public var title: String
    /// Key of the paper in `experiments/papers.yaml`.
    public var paper: String
    /// The `model:` name, registered in the `ModelRegistry` it was loaded with.
    public var model: String
    /// The file path as given to the loader.
    public var path: String
    /// Hex digest of the file bytes, to tell whether a spec changed (see `SpecLoader`).
    public var contentHash: String
    /// The fixed parameters as given (normalized, no defaults filled in).
    public var params: ParameterSet
    /// The swept parameters.
    public var sweep: Sweep
    /// Independent repetitions of every sweep point (1...10000).
    public var replicates: Int
    /// Series downsampling.
    public var record: RecordPolicy
    /// The paper's claims, in file order.
    public var claims: [Claim]
    /// Free text (tuned constants, deviations from the paper).
    public var notes: String?
    /// The figures to draw (`figure:` or `figures:`); empty when the spec declares none.
    public var figures: [Figure] = []
    /// The other implementation this spec's runs must agree with (`agreement:`), if any.
    public var agreement: ImplementationAgreement?

    /// Creates a spec from its parts (the loader validates; this initializer does not).
    public init(id: String, title: String, paper: String, model: String, path: String, contentHash: String,
                params: ParameterSet = ParameterSet(), sweep: Sweep = Sweep(), replicates: Int = 1,
                record: RecordPolicy = RecordPolicy(), claims: [Claim] = [], notes: String? = nil) {
        self.id = id
        self.title = title
        self.paper = paper
        self.model = model
        self.path = path
        self.contentHash = contentHash
        self.params = params
        self.sweep = sweep
        self.replicates = replicates
        self.record = record
        self.claims = claims
        self.notes = notes
    }

    /// Number of runs: sweep points × replicates (saturating at `Int.max`).
    public var runCount: Int {
        let (count, overflow) = sweep.pointCount.multipliedReportingOverflow(by: replicates)
        return overflow ? Int.max : count
    }
}
