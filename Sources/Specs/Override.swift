import ExperimentKit

/// A command-line `--set key=v1,v2,…` override of a spec's parameters.
///
/// Effect on the spec (applied after the file is validated, before the run points are):
/// - several values: `key` becomes a sweep axis with these values (replacing the axis in
///   place if it was one, or leaving `params` and becoming the last cartesian axis);
/// - one value: `key` becomes a fixed parameter (leaving the sweep if it was an axis);
/// - a key of `sweep.zip` must be given as many values as the zip has points, and replaces
///   its zipped list (the pairing is kept); any other count is an error.
///
/// Values are read by the parameter's kind: integers as `3` (or `1e3`), reals as `0.1` or
/// `1e-3`, choices, strings and file paths as written, flags as `true`/`false` (also `yes`/`no`,
/// `on`/`off`), and a list of reals as numbers separated by `;` — `spectrum=1;0.5,1;0.25` is
/// two values (quote it in the shell). Spaces around keys and values are ignored.
public struct Override: Sendable, Equatable {
    /// The parameter name.
    public var key: String
    /// The values as typed, split at `,` and trimmed.
    public var rawValues: [String]

    /// The pseudo file name of override errors.
    public static let source = "--set"

    /// Creates an override from parts.
    public init(key: String, rawValues: [String]) {
        self.key = key
        self.rawValues = rawValues
    }

    /// Parses `key=v1,v2,…`. Throws (file `--set`, line 0) when there is no `=`, the key is
    /// empty, or a value is empty.
    public init(parsing text: String) throws(SpecError) {
        func fail(_ keyPath: String, _ message: String) -> SpecError {
            SpecError(file: Self.source, line: 0, column: 0, keyPath: keyPath, message: message)
        }
        guard let equals = text.firstIndex(of: "=") else {
            throw fail("", "expected key=value[,value…], got '\(text)'")
        }
        let key = Self.trimmed(text[..<equals])
        guard !key.isEmpty else { throw fail("", "expected key=value[,value…], got '\(text)' (no key)") }
        let values = text[text.index(after: equals)...].split(separator: ",", omittingEmptySubsequences: false).map(Self.trimmed)
        guard !values.contains(where: \.isEmpty) else {
            throw fail(key, "empty value in '\(text)'; expected key=value[,value…]")
        }
        self.init(key: key, rawValues: values)
    }

    /// `text` without leading and trailing spaces and tabs.
    static func trimmed(_ text: Substring) -> String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" }
        return String(text.drop(while: isSpace).reversed().drop(while: isSpace).reversed())
    }

    /// The values read and normalized by `parameter`'s kind; repeated values are an error.
    func values(for parameter: ParameterSpec) throws(SpecError) -> [ParameterValue] {
        var out: [ParameterValue] = []
        for raw in rawValues {
            let value: ParameterValue
            do throws(ParameterError) {
                value = try parameter.kind.normalize(try Self.read(raw, as: parameter), key: parameter.name)
            } catch {
                throw SpecError(file: Self.source, line: 0, column: 0, keyPath: key, message: error.message)
            }
            guard !out.contains(value) else {
                throw SpecError(file: Self.source, line: 0, column: 0, keyPath: key, message: "value \(value) is given twice")
            }
            out.append(value)
        }
        return out
    }

    /// One typed value, before range checks (a string when the text is not of the kind).
    static func read(_ raw: String, as parameter: ParameterSpec) throws(ParameterError) -> ParameterValue {
        switch parameter.kind {
        case .choice:
            return .string(raw)
        case .text, .matrixFile:
            return .string(raw)
        case .flag:
            switch raw.lowercased() {
            case "true", "yes", "on": return .bool(true)
            case "false", "no", "off": return .bool(false)
            default: return .string(raw)
            }
        case .reals:
            var reals: [Double] = []
            for part in raw.split(separator: ";", omittingEmptySubsequences: false).map(trimmed) {
                guard let d = Double(part) else {
                    throw ParameterError(key: parameter.name, message: "expected numbers separated by ';', got '\(raw)'")
                }
                reals.append(d)
            }
            return .reals(reals)
        case .integer, .real:
            if let i = Int(raw) { return .int(i) }
            if let d = Double(raw) { return .double(d) }
            return .string(raw)
        }
    }
}

extension ParameterDraft {
    /// Applies `overrides` in order (a later one for the same key wins).
    mutating func apply(_ overrides: [Override], schema: ModelSchema) throws(SpecError) {
        for override in overrides { try apply(override, schema: schema) }
    }

    /// Applies one override; see `Override` for the rules.
    mutating func apply(_ override: Override, schema: ModelSchema) throws(SpecError) {
        let key = override.key
        let here = SourceLocation(file: Override.source, line: 0, column: 0)
        guard let parameter = schema.parameter(named: key) else {
            throw here.error(key, unknownParameterMessage(key, of: schema))
        }
        let values = try override.values(for: parameter)
        let origin = AxisOrigin(keyPath: key, key: here, values: values.map { _ in here })

        if let z = sweep.zipped.firstIndex(where: { $0.name == key }) {
            guard values.count == sweep.zipLength else {
                let partners = sweep.zipped.map(\.name).filter { $0 != key }.joined(separator: ", ")
                throw here.error(key, "is zipped with \(partners); give exactly \(sweep.zipLength) values "
                                 + "to replace its zipped list, got \(values.count)")
            }
            sweep.zipped[z].values = values
            axisOrigins[key] = origin
            return
        }
        if values.count == 1, let value = values.first {
            sweep.axes.removeAll { $0.name == key }
            axisOrigins[key] = nil
            params[key] = value
            paramOrigins[key] = ValueOrigin(keyPath: key, key: here, value: here)
            return
        }
        params[key] = nil
        paramOrigins[key] = nil
        if let a = sweep.axes.firstIndex(where: { $0.name == key }) {
            sweep.axes[a].values = values
        } else {
            sweep.axes.append(SweepAxis(name: key, values: values))
        }
        axisOrigins[key] = origin
    }
}
