/// One value of a model parameter as a spec states it: a whole number, a real number,
/// a name, a flag, or a list of reals (a spectrum such as `s = (1.0, 0.75, 0.5)`); or a
/// matrix read from a file (a `matrixFile` parameter after the data layer read it).
public enum ParameterValue: Sendable, Hashable, Codable, CustomStringConvertible {
    case int(Int)
    case double(Double)
    case string(String)
    case bool(Bool)
    case reals([Double])
    /// Boxed, so that the other values stay as small as before.
    indirect case matrix(MatrixInput)

    /// The value as a real number when it is numeric (`int` widens), else `nil`.
    public var asDouble: Double? {
        switch self {
        case .int(let i): return Double(i)
        case .double(let d): return d
        default: return nil
        }
    }

    /// A short name of the value's type, for error messages ("an integer", "a list of reals").
    public var typeName: String {
        switch self {
        case .int: return "an integer"
        case .double: return "a real number"
        case .string: return "a string"
        case .bool: return "a boolean"
        case .reals: return "a list of reals"
        case .matrix: return "a matrix"
        }
    }

    /// Canonical text: the same value always prints the same way, on every machine.
    /// Reals use Swift's shortest round-trip form, strings are JSON-quoted, a matrix is its
    /// file's content hash (`MatrixInput.canonicalText`).
    public var canonicalText: String {
        switch self {
        case .int(let i): return String(i)
        case .double(let d): return Self.canonical(d)
        case .string(let s): return Self.jsonQuoted(s)
        case .bool(let b): return b ? "true" : "false"
        case .reals(let xs): return "[" + xs.map(Self.canonical).joined(separator: ",") + "]"
        case .matrix(let m): return m.canonicalText
        }
    }

    /// Plain text for tables and CSV: strings unquoted, lists space-separated, a matrix by its path.
    public var description: String {
        switch self {
        case .string(let s): return s
        case .reals(let xs): return xs.map(Self.canonical).joined(separator: " ")
        case .matrix(let m): return m.description
        default: return canonicalText
        }
    }

    static func canonical(_ d: Double) -> String {
        if d.isNaN { return "\"nan\"" }
        if d.isInfinite { return d > 0 ? "\"inf\"" : "\"-inf\"" }
        if d == d.rounded(), abs(d) < 1e15 { return String(Int64(d)) + ".0" }
        return "\(d)"
    }

    static func jsonQuoted(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}

/// A set of named parameter values, canonicalized: the JSON form sorts keys.
public struct ParameterSet: Sendable, Hashable {
    /// The values by parameter name.
    public var values: [String: ParameterValue]

    /// Wraps a dictionary of values.
    public init(_ values: [String: ParameterValue] = [:]) { self.values = values }

    /// The value of one parameter, if set.
    public subscript(name: String) -> ParameterValue? {
        get { values[name] }
        set { values[name] = newValue }
    }

    /// Canonical JSON: keys sorted, values in `ParameterValue.canonicalText`. Stable across
    /// runs, processes and machines; the run key and seeds hash this text.
    public var canonicalJSON: String {
        "{" + values.sorted { $0.key < $1.key }
            .map { ParameterValue.jsonQuoted($0.key) + ":" + $0.value.canonicalText }
            .joined(separator: ",") + "}"
    }

    /// True when every value of `subset` is set here to the same value (a `where:` filter
    /// selecting a run's resolved parameters). Both sides must be canonical (schema-normalized).
    public func contains(_ subset: ParameterSet) -> Bool {
        subset.values.allSatisfy { values[$0.key] == $0.value }
    }

    /// The subset of the values whose names are in `names`.
    public func restricted(to names: Set<String>) -> ParameterSet {
        ParameterSet(values.filter { names.contains($0.key) })
    }
}
