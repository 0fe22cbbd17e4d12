/// A parameter could not be accepted: which key, and why, in one line.
public struct ParameterError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The parameter's name (or a path such as `spectrum`).
    public var key: String
    /// What was wrong, phrased to finish "key: …".
    public var message: String

    /// Creates the error for `key`.
    public init(key: String, message: String) {
        self.key = key
        self.message = message
    }

    public var description: String { "\(key): \(message)" }
}

/// The type and admissible range of one parameter.
public enum ParameterKind: Sendable, Equatable {
    /// A whole number in `min...max` (either end may be open-ended).
    case integer(min: Int?, max: Int?)
    /// A finite real number; `lowerOpen`/`upperOpen` make an end exclusive.
    case real(min: Double?, max: Double?, lowerOpen: Bool = false, upperOpen: Bool = false)
    /// One of a fixed set of names.
    case choice([String])
    /// true or false.
    case flag
    /// A non-empty list of finite reals.
    case reals
    /// A non-empty string taken as written.
    case text
    /// A matrix file: a path to a `.csv` or `.npy` file given in a spec, which the data layer
    /// (`DataInputs`, called when a spec is loaded) reads into a `ParameterValue.matrix`; the
    /// run key holds the file's content hash. A default is never read: a parameter left at
    /// its default names no file.
    case matrixFile

    /// A phrase describing the admissible values ("an integer ≥ 1").
    public var expectation: String {
        switch self {
        case let .integer(lo, hi):
            switch (lo, hi) {
            case let (l?, h?): return "an integer in \(l)...\(h)"
            case let (l?, nil): return "an integer ≥ \(l)"
            case let (nil, h?): return "an integer ≤ \(h)"
            default: return "an integer"
            }
        case let .real(lo, hi, lOpen, hOpen):
            var parts: [String] = []
            if let lo { parts.append((lOpen ? "> " : "≥ ") + "\(lo)") }
            if let hi { parts.append((hOpen ? "< " : "≤ ") + "\(hi)") }
            return parts.isEmpty ? "a finite real number" : "a real number " + parts.joined(separator: " and ")
        case .choice(let names): return "one of " + names.joined(separator: ", ")
        case .flag: return "true or false"
        case .reals: return "a non-empty list of finite reals"
        case .text: return "a non-empty string"
        case .matrixFile: return "a path to a .csv or .npy matrix file"
        }
    }

    /// Checks `value` against this kind and returns it in canonical form (integers given
    /// for a real parameter become reals). Throws with a message naming what was expected.
    public func normalize(_ value: ParameterValue, key: String) throws(ParameterError) -> ParameterValue {
        func fail(_ got: String) -> ParameterError {
            ParameterError(key: key, message: "expected \(expectation), got \(got)")
        }
        switch self {
        case let .integer(lo, hi):
            let i: Int
            switch value {
            case .int(let v): i = v
            case .double(let d) where d == d.rounded() && abs(d) < 9e15: i = Int(d)
            default: throw fail(value.typeName + " (\(value))")
            }
            if let lo, i < lo { throw fail("\(i)") }
            if let hi, i > hi { throw fail("\(i)") }
            return .int(i)
        case let .real(lo, hi, lOpen, hOpen):
            guard let d = value.asDouble else { throw fail(value.typeName + " (\(value))") }
            guard d.isFinite else { throw fail("\(d)") }
            if let lo, lOpen ? !(d > lo) : !(d >= lo) { throw fail("\(d)") }
            if let hi, hOpen ? !(d < hi) : !(d <= hi) { throw fail("\(d)") }
            return .double(d)
        case .choice(let names):
            guard case .string(let s) = value else { throw fail(value.typeName + " (\(value))") }
            guard names.contains(s) else {
                let near = nearestName(to: s, among: names).map { " (did you mean '\($0)'?)" } ?? ""
                throw ParameterError(key: key, message: "expected \(expectation), got '\(s)'\(near)")
            }
            return value
        case .flag:
            guard case .bool = value else { throw fail(value.typeName + " (\(value))") }
            return value
        case .reals:
            switch value {
            case .reals(let xs) where !xs.isEmpty && xs.allSatisfy(\.isFinite): return value
            case .int, .double:
                if let d = value.asDouble, d.isFinite { return .reals([d]) }
                throw fail("\(value)")
            default: throw fail(value.typeName + " (\(value))")
            }
        case .text:
            guard case .string(let s) = value, !s.isEmpty else { throw fail(value.typeName + " (\(value))") }
            return value
        case .matrixFile:
            switch value {
            case .string(let s) where !s.isEmpty: return value
            case .matrix: return value
            default: throw fail(value.typeName + " (\(value))")
            }
        }
    }
}

/// One parameter a model accepts: its name in the spec, the paper's symbol, its kind,
/// its default and whether it defines the problem *instance* (ground truth and data)
/// rather than the algorithm.
public struct ParameterSpec: Sendable {
    /// The key in a spec's `params:` or `sweep:` (snake_case, e.g. `init_scale`).
    public var name: String
    /// The paper's symbol, e.g. `α`.
    public var symbol: String
    /// Type and admissible range.
    public var kind: ParameterKind
    /// The value used when a spec does not set it; `nil` makes it required.
    public var defaultValue: ParameterValue?
    /// True when the value changes the ground truth or the measurements.
    public var definesInstance: Bool
    /// One line on what it is.
    public var summary: String

    /// Creates a parameter description.
    public init(_ name: String, symbol: String = "", kind: ParameterKind, default defaultValue: ParameterValue?,
                instance: Bool, summary: String) {
        self.name = name
        self.symbol = symbol
        self.kind = kind
        self.defaultValue = defaultValue
        self.definesInstance = instance
        self.summary = summary
    }
}

/// One scalar a model reports per run (a metric) or per recorded iteration (a series).
public struct OutputSpec: Sendable {
    /// The name in the store and in claims, e.g. `final_error`.
    public var name: String
    /// One line on what it measures.
    public var summary: String

    /// Creates an output description.
    public init(_ name: String, _ summary: String) {
        self.name = name
        self.summary = summary
    }
}

extension OutputSpec {
    /// True for a timing: a metric named `…_seconds` measures the machine, not the algorithm,
    /// so it never enters a bit-identity check or a merge conflict.
    public var isTiming: Bool { Self.isTiming(name) }

    /// True for the name of a timing (metric or series): it ends in `_seconds`.
    public static func isTiming(_ name: String) -> Bool { name.hasSuffix("_seconds") }

    /// The series in which a model records the wall time its algorithm had spent at each
    /// recorded step (a timing); a figure with `x: time` draws a series against it.
    public static let elapsedSeconds = "elapsed_seconds"
}

/// What a model publishes about itself: name, version, parameters, metrics and series.
/// Specs are validated against it; `repro describe MODEL` prints it.
public struct ModelSchema: Sendable {
    /// The `model:` value in a spec.
    public var name: String
    /// The version of the parameter schema: bumped when a parameter's meaning changes, so that
    /// equal parameter values no longer name the same run; part of the run key. A change of
    /// the model's code is tracked by `codeFingerprint`, not by this number.
    public var version: Int
    /// Hex SHA-256 of the model's code (its module's sources and the package code it uses,
    /// without comments and whitespace), computed when the binary is built. Stored with every
    /// run: a stored run whose fingerprint differs from this one is stale. Empty for a schema
    /// built without one (test models), which never makes a run stale.
    public var codeFingerprint: String
    /// One line on what the model computes, with the paper it comes from.
    public var summary: String
    /// The parameters in display order.
    public var parameters: [ParameterSpec]
    /// The metrics every run may report.
    public var metrics: [OutputSpec]
    /// The per-iteration series a run may record; the first is the model's main one (the one
    /// `make tables` exports, `repro describe MODEL --primary-series`).
    public var series: [OutputSpec]
    /// Constraints between parameters (e.g. `k ≤ n`), checked after each one is valid.
    public var crossCheck: @Sendable (ParameterSet) throws(ParameterError) -> Void

    /// Creates a schema.
    public init(name: String, version: Int, summary: String, parameters: [ParameterSpec],
                metrics: [OutputSpec], series: [OutputSpec], codeFingerprint: String = "",
                crossCheck: @escaping @Sendable (ParameterSet) throws(ParameterError) -> Void = { _ throws(ParameterError) in }) {
        self.name = name
        self.version = version
        self.summary = summary
        self.parameters = parameters
        self.metrics = metrics
        self.series = series
        self.codeFingerprint = codeFingerprint
        self.crossCheck = crossCheck
    }

    /// The parameter called `name`, if any.
    public func parameter(named name: String) -> ParameterSpec? {
        parameters.first { $0.name == name }
    }

    /// Names of the parameters that define the problem instance.
    public var instanceParameterNames: Set<String> {
        Set(parameters.filter(\.definesInstance).map(\.name))
    }

    /// Checks every given value, fills defaults, and applies `crossCheck`. The result holds
    /// every parameter of the schema exactly once, in canonical form.
    public func resolve(_ given: ParameterSet) throws(ParameterError) -> ParameterSet {
        for key in given.values.keys.sorted() where parameter(named: key) == nil {
            let near = nearestName(to: key, among: parameters.map(\.name)).map { " (did you mean '\($0)'?)" } ?? ""
            throw ParameterError(key: key, message: "unknown parameter of model '\(name)'\(near)")
        }
        var out = ParameterSet()
        for p in parameters {
            if let v = given[p.name] {
                out[p.name] = try p.kind.normalize(v, key: p.name)
            } else if let d = p.defaultValue {
                out[p.name] = d
            } else {
                throw ParameterError(key: p.name, message: "required parameter of model '\(name)' is missing")
            }
        }
        try crossCheck(out)
        return out
    }
}

/// The candidate closest to `name` by edit distance, when it is close enough to be a typo.
public func nearestName(to name: String, among candidates: [String]) -> String? {
    let scored = candidates.map { ($0, editDistance(name.lowercased(), $0.lowercased())) }
    guard let best = scored.min(by: { $0.1 < $1.1 }) else { return nil }
    return best.1 <= max(2, name.count / 3) ? best.0 : nil
}

/// Levenshtein distance between two strings, by characters.
public func editDistance(_ a: String, _ b: String) -> Int {
    let a = Array(a), b = Array(b)
    if a.isEmpty { return b.count }
    if b.isEmpty { return a.count }
    var previous = Array(0...b.count)
    var current = [Int](repeating: 0, count: b.count + 1)
    for i in 1...a.count {
        current[0] = i
        for j in 1...b.count {
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
        }
        swap(&previous, &current)
    }
    return previous[b.count]
}
