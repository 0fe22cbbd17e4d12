import ExperimentKit
import Foundation

/// Reads a program's answer to `describe` (one JSON object, docs/model-programs.md) into the
/// `ModelSchema` every other part of repro uses: specs are validated against it, `repro
/// describe` prints it, claims and figures name its metrics and series.
enum ProgramSchemaReader {
    /// The schema described by `json` for the program of `declaration`; its name is the
    /// declaration's and its code fingerprint the hash of the declared code files.
    static func schema(from json: [UInt8], declaration: ProgramDeclaration) throws(ModelProgramError) -> ModelSchema {
        func fail(_ message: String) -> ModelProgramError {
            ModelProgramError("\(declaration.path): describe: \(message)")
        }
        guard let object = try? JSONSerialization.jsonObject(with: Data(json)), let top = object as? [String: Any] else {
            let text = String(decoding: json.prefix(80), as: UTF8.self).split(whereSeparator: \.isNewline).first.map(String.init) ?? ""
            throw fail("expected one JSON object on stdout, got '\(text)'")
        }
        let known = ["version", "summary", "parameters", "metrics", "series"]
        if let unknown = top.keys.sorted().first(where: { !known.contains($0) }) {
            throw fail("unknown key '\(unknown)' (keys: \(known.joined(separator: ", ")))")
        }
        var version = 1
        if let value = top["version"] {
            guard let v = integer(value), v >= 1 else { throw fail("version: expected an integer ≥ 1") }
            version = v
        }
        guard let summary = top["summary"] as? String, !summary.isEmpty else { throw fail("summary: expected a non-empty string") }
        guard let parameterList = top["parameters"] as? [Any] else { throw fail("parameters: expected a list") }
        var parameters: [ParameterSpec] = []
        for (index, item) in parameterList.enumerated() {
            let parameter = try self.parameter(item, path: "parameters[\(index)]", fail: fail)
            if parameters.contains(where: { $0.name == parameter.name }) {
                throw fail("parameters[\(index)].name: '\(parameter.name)' is declared twice")
            }
            parameters.append(parameter)
        }
        let metrics = try outputs(top["metrics"], key: "metrics", fail: fail)
        let series = try outputs(top["series"] ?? [Any](), key: "series", fail: fail)
        return ModelSchema(name: declaration.name, version: version, summary: summary, parameters: parameters,
                           metrics: metrics, series: series, codeFingerprint: declaration.codeFingerprint)
    }

    /// One parameter: `name`, `kind` and its range or choices, `default` (absent: required),
    /// `instance`, `symbol`, `summary`.
    private static func parameter(_ item: Any, path: String, fail: (String) -> ModelProgramError)
    throws(ModelProgramError) -> ParameterSpec {
        guard let p = item as? [String: Any] else { throw fail("\(path): expected an object") }
        let known = ["name", "kind", "min", "max", "min_open", "max_open", "choices", "default", "instance", "symbol", "summary"]
        if let unknown = p.keys.sorted().first(where: { !known.contains($0) }) {
            throw fail("\(path): unknown key '\(unknown)' (keys: \(known.joined(separator: ", ")))")
        }
        guard let name = p["name"] as? String, isName(name) else {
            throw fail("\(path).name: expected a name of a-z, 0-9 and '_', starting with a letter")
        }
        let at = "\(path) (\(name))"
        guard let kindName = p["kind"] as? String else { throw fail("\(at).kind: expected a string") }
        let kind: ParameterKind
        switch kindName {
        case "integer":
            kind = .integer(min: p["min"].flatMap(integer), max: p["max"].flatMap(integer))
        case "real":
            kind = .real(min: p["min"].flatMap(real), max: p["max"].flatMap(real),
                         lowerOpen: (p["min_open"] as? Bool) ?? false, upperOpen: (p["max_open"] as? Bool) ?? false)
        case "choice":
            guard let choices = p["choices"] as? [String], !choices.isEmpty else {
                throw fail("\(at).choices: expected a non-empty list of strings")
            }
            kind = .choice(choices)
        case "flag": kind = .flag
        case "reals": kind = .reals
        case "text": kind = .text
        default:
            throw fail("\(at).kind: expected integer, real, choice, flag, reals or text, got '\(kindName)'")
        }
        var defaultValue: ParameterValue?
        if let given = p["default"], !(given is NSNull) {
            guard let value = parameterValue(given) else { throw fail("\(at).default: not a parameter value") }
            defaultValue = try normalizedDefault(value, kind: kind, name: name) { fail("\(at).default: \($0)") }
        }
        return ParameterSpec(name, symbol: (p["symbol"] as? String) ?? "", kind: kind, default: defaultValue,
                             instance: (p["instance"] as? Bool) ?? false, summary: (p["summary"] as? String) ?? "")
    }

    /// A default checked by its kind; an empty list is a `reals` default meaning "derived from
    /// the other parameters" (as the compiled models' spectrum), though a spec may not write it.
    private static func normalizedDefault(_ value: ParameterValue, kind: ParameterKind, name: String,
                                          fail: (String) -> ModelProgramError) throws(ModelProgramError) -> ParameterValue {
        if kind == .reals, value == .reals([]) { return value }
        do throws(ParameterError) {
            return try kind.normalize(value, key: name)
        } catch {
            throw fail(error.message)
        }
    }

    /// `metrics` or `series`: a list of names or of `{name, summary}` objects.
    private static func outputs(_ value: Any?, key: String, fail: (String) -> ModelProgramError)
    throws(ModelProgramError) -> [OutputSpec] {
        guard let list = value as? [Any] else { throw fail("\(key): expected a list") }
        var out: [OutputSpec] = []
        for (index, item) in list.enumerated() {
            let name: String?, summary: String
            if let text = item as? String {
                (name, summary) = (text, "")
            } else if let object = item as? [String: Any] {
                (name, summary) = (object["name"] as? String, (object["summary"] as? String) ?? "")
            } else {
                (name, summary) = (nil, "")
            }
            guard let name, !name.isEmpty, !name.contains(where: { $0.isWhitespace || $0 == "\"" }) else {
                throw fail("\(key)[\(index)]: expected a name (or {name, summary}) without spaces or quotes")
            }
            if out.contains(where: { $0.name == name }) { throw fail("\(key)[\(index)]: '\(name)' is declared twice") }
            out.append(OutputSpec(name, summary))
        }
        return out
    }

    /// True for a parameter name: a lower-case letter, then lower-case letters, digits and `_`.
    static func isName(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, ("a"..."z").contains(first) else { return false }
        return name.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "_" }
    }

    /// A JSON value as a parameter value: a whole number is an integer, a list of numbers is `reals`.
    static func parameterValue(_ value: Any) -> ParameterValue? {
        if let b = value as? Bool, isBoolean(value) { return .bool(b) }
        if let i = integer(value) { return .int(i) }
        if let d = real(value) { return .double(d) }
        if let s = value as? String { return .string(s) }
        if let list = value as? [Any] {
            let reals = list.compactMap(real)
            return reals.count == list.count ? .reals(reals) : nil
        }
        return nil
    }

    /// A JSON number that is a whole number within ±9·10¹⁵.
    static func integer(_ value: Any) -> Int? {
        guard !isBoolean(value), let d = real(value), d == d.rounded(), abs(d) < 9e15 else { return nil }
        return Int(d)
    }

    /// A JSON number as a Double.
    static func real(_ value: Any) -> Double? {
        guard !isBoolean(value), let number = value as? NSNumber else { return nil }
        return number.doubleValue
    }

    /// True for a JSON `true`/`false` (Foundation gives numbers and booleans one type).
    static func isBoolean(_ value: Any) -> Bool {
        guard let number = value as? NSNumber else { return false }
        return String(cString: number.objCType) == "c"
    }
}
