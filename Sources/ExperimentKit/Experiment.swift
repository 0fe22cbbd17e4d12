/// How a run ended.
public enum RunStatus: String, Sendable, Codable, CaseIterable {
    /// Ran to its iteration budget (or converged) with finite iterates.
    case ok
    /// The iterate became NaN/Inf or exceeded the model's blow-up bound; the run stopped.
    case diverged
    /// The run threw an error (bad instance, LAPACK failure, …).
    case failed
}

/// The two seeds of a run. `instance` draws the ground truth and measurements;
/// `algorithm` draws everything else (initialization, sampling). See `RunIdentity`; further
/// streams derive from them by `instanceStream(_:index:)` and `algorithmStream(_:index:)`
/// (`SeedDerivation`).
public struct RunSeeds: Sendable, Hashable {
    /// Seed of the problem instance: hash(model, instance parameters, replicate).
    public var instance: UInt64
    /// Seed of the algorithm's randomness: hash(model, all parameters, replicate).
    public var algorithm: UInt64

    /// Creates a seed pair.
    public init(instance: UInt64, algorithm: UInt64) {
        self.instance = instance
        self.algorithm = algorithm
    }
}

/// What a run produced: how it ended, its scalar metrics and its recorded series.
public struct Outcome: Sendable {
    /// ok, diverged or failed.
    public var status: RunStatus
    /// Why it diverged or failed (one line), or `nil`.
    public var message: String?
    /// Scalar results by metric name. A hitting time never reached is `+infinity`.
    public var metrics: [String: Double]
    /// Per-iteration curves by series name.
    public var series: [String: Series]

    /// Creates an outcome.
    public init(status: RunStatus, message: String? = nil, metrics: [String: Double], series: [String: Series]) {
        self.status = status
        self.message = message
        self.metrics = metrics
        self.series = series
    }
}

/// A model of a paper: typed parameters in, one seeded run out. Models do no I/O: no
/// YAML, no SQL, no files (a file input arrives as a `MatrixInput`), no printing.
public protocol Experiment: Sendable {
    /// The model's published schema; `init(parameters:)` receives values it resolved.
    static var schema: ModelSchema { get }
    /// Reads typed parameters from a resolved set (every schema parameter present).
    init(parameters: ParameterSet) throws(ParameterError)
    /// Executes one run. Divergence is an outcome with status `.diverged`, not an error;
    /// a thrown error is stored as a failed run.
    func run(seeds: RunSeeds, record: RecordPolicy) throws -> Outcome
}

extension ParameterSet {
    /// The integer parameter `name`.
    public func int(_ name: String) throws(ParameterError) -> Int {
        switch values[name] {
        case .int(let i)?: return i
        case .double(let d)? where d == d.rounded() && abs(d) < 9e15: return Int(d)
        default: throw ParameterError(key: name, message: "expected an integer")
        }
    }

    /// The real parameter `name` (an integer widens).
    public func double(_ name: String) throws(ParameterError) -> Double {
        guard let d = values[name]?.asDouble else { throw ParameterError(key: name, message: "expected a real number") }
        return d
    }

    /// The string parameter `name`.
    public func string(_ name: String) throws(ParameterError) -> String {
        guard case .string(let s)? = values[name] else { throw ParameterError(key: name, message: "expected a string") }
        return s
    }

    /// The choice parameter `name` as the enumeration `T` whose raw values are the choices.
    public func choice<T: RawRepresentable>(_ name: String, as _: T.Type) throws(ParameterError) -> T
    where T.RawValue == String {
        let raw = try string(name)
        guard let value = T(rawValue: raw) else { throw ParameterError(key: name, message: "unknown value '\(raw)'") }
        return value
    }

    /// The boolean parameter `name`.
    public func bool(_ name: String) throws(ParameterError) -> Bool {
        guard case .bool(let b)? = values[name] else { throw ParameterError(key: name, message: "expected true or false") }
        return b
    }

    /// The matrix of file parameter `name` (kind `matrixFile`), as the data layer read it; nil
    /// when no file was read for it (the parameter is at its default).
    public func matrix(_ name: String) throws(ParameterError) -> MatrixInput? {
        switch values[name] {
        case .matrix(let m)?: return m
        case .string?: return nil
        default: throw ParameterError(key: name, message: "expected a matrix file")
        }
    }

    /// The list-of-reals parameter `name` (a single number is a list of one).
    public func reals(_ name: String) throws(ParameterError) -> [Double] {
        switch values[name] {
        case .reals(let xs)?: return xs
        case let v? where v.asDouble != nil: return [v.asDouble ?? 0]
        default: throw ParameterError(key: name, message: "expected a list of reals")
        }
    }
}
