import ExperimentKit
import Yams

/// Where a fixed parameter value came from (a `params:` entry or a `--set`).
struct ValueOrigin {
    /// `params.n`, or the key alone for a `--set`.
    var keyPath: String
    /// Position of the key.
    var key: SourceLocation
    /// Position of the value.
    var value: SourceLocation
}

/// Where a sweep axis came from (a `sweep:` or `sweep.zip:` entry, or a `--set`).
struct AxisOrigin {
    /// `sweep.search_rank`, `sweep.zip.step`, or the key alone for a `--set`.
    var keyPath: String
    /// Position of the key.
    var key: SourceLocation
    /// Position of each value, parallel to the axis values.
    var values: [SourceLocation]
}

/// The parameters of a spec under construction: fixed values and sweep axes, each with the
/// place it came from, so that later checks (cross-checks, overrides) can point at it.
struct ParameterDraft {
    /// Fixed values, normalized.
    var params = ParameterSet()
    /// Origin of each fixed value.
    var paramOrigins: [String: ValueOrigin] = [:]
    /// Swept values.
    var sweep = Sweep()
    /// Origin of each axis (cartesian or zipped), by name.
    var axisOrigins: [String: AxisOrigin] = [:]
    /// The `params:` key, or the top of the file: where "missing parameter" errors point.
    var paramsLocation: SourceLocation
    /// The `sweep:` key, or the top of the file: where sweep-size errors point.
    var sweepLocation: SourceLocation
}

/// The message for a key that is not a parameter of `schema`, with the nearest name.
func unknownParameterMessage(_ name: String, of schema: ModelSchema) -> String {
    let names = schema.parameters.map(\.name)
    return "unknown parameter of model '\(schema.name)'"
        + suggestion(for: name, among: names, otherwise: " (its parameters: \(names.joined(separator: ", ")))")
}

/// Reads `params:` and `sweep:` (with `zip:`) against a model's schema: every key must be a
/// parameter, every value passes `ParameterKind.normalize`, no key is given twice.
struct ParameterReader {
    /// Node access with positioned errors.
    let reader: NodeReader
    /// The model's schema.
    let schema: ModelSchema

    /// The draft from the `params` and `sweep` entries of the top-level mapping (either may be
    /// absent or null); `root` locates errors when they are absent.
    func read(params: Entry?, sweep: Entry?, root: Node) throws(SpecError) -> ParameterDraft {
        var draft = ParameterDraft(paramsLocation: reader.location(params?.key ?? root),
                                   sweepLocation: reader.location(sweep?.key ?? root))
        if let params, !reader.isNull(params.value) {
            for entry in try reader.entries(params.value, "params") {
                let path = "params." + entry.name
                let parameter = try self.parameter(entry, path)
                draft.params[parameter.name] = try reader.parameterValue(entry.value, of: parameter, path)
                draft.paramOrigins[parameter.name] = ValueOrigin(
                    keyPath: path, key: reader.location(entry.key), value: reader.location(entry.value))
            }
        }
        if let sweep, !reader.isNull(sweep.value) {
            try readSweep(sweep.value, into: &draft)
        }
        return draft
    }

    /// The schema's parameter named by `entry`'s key.
    func parameter(_ entry: Entry, _ keyPath: String) throws(SpecError) -> ParameterSpec {
        guard let parameter = schema.parameter(named: entry.name) else {
            throw reader.error(entry.key, keyPath, unknownParameterMessage(entry.name, of: schema))
        }
        return parameter
    }

    /// Reads the cartesian axes in file order, then the `zip:` group.
    func readSweep(_ node: Node, into draft: inout ParameterDraft) throws(SpecError) {
        var zipEntry: Entry?
        for entry in try reader.entries(node, "sweep") {
            if entry.name == "zip" {
                zipEntry = entry
                continue
            }
            let path = "sweep." + entry.name
            let parameter = try self.parameter(entry, path)
            try rejectFixed(entry, path, draft)
            let (values, locations) = try axisValues(entry.value, of: parameter, path, allowRepeats: false)
            draft.sweep.axes.append(SweepAxis(name: parameter.name, values: values))
            draft.axisOrigins[parameter.name] = AxisOrigin(keyPath: path, key: reader.location(entry.key), values: locations)
        }
        if let zipEntry { try readZip(zipEntry, into: &draft) }
    }

    /// Reads `sweep.zip`: lists of equal length whose i-th values form the i-th point.
    func readZip(_ zipEntry: Entry, into draft: inout ParameterDraft) throws(SpecError) {
        var first: (name: String, count: Int)?
        for entry in try reader.entries(zipEntry.value, "sweep.zip") {
            let path = "sweep.zip." + entry.name
            let parameter = try self.parameter(entry, path)
            try rejectFixed(entry, path, draft)
            if let axis = draft.axisOrigins[parameter.name] {
                throw reader.error(entry.key, path,
                                   "also a sweep axis at line \(axis.key.line); a key may appear in one place of the sweep")
            }
            guard case .sequence = entry.value else {
                throw reader.error(entry.value, path,
                                   "expected a non-empty list (zipped axes advance together), got \(reader.describe(entry.value))")
            }
            let (values, locations) = try axisValues(entry.value, of: parameter, path, allowRepeats: true)
            if let first, first.count != values.count {
                throw reader.error(entry.value, path, "zipped lists differ in length: '\(first.name)' has \(first.count) "
                                   + "value\(first.count == 1 ? "" : "s"), '\(parameter.name)' has \(values.count)")
            }
            first = first ?? (parameter.name, values.count)
            draft.sweep.zipped.append(SweepAxis(name: parameter.name, values: values))
            draft.axisOrigins[parameter.name] = AxisOrigin(keyPath: path, key: reader.location(entry.key), values: locations)
        }
        var seen: [[ParameterValue]: Int] = [:]
        for i in 0..<draft.sweep.zipLength {
            let tuple = draft.sweep.zipped.map { $0.values[i] }
            if let j = seen[tuple], let axis = draft.sweep.zipped.first, let origin = draft.axisOrigins[axis.name] {
                let point = draft.sweep.zipped.map { "\($0.name) = \($0.values[i])" }.joined(separator: ", ")
                throw origin.values[i].error("sweep.zip", "point \(i + 1) repeats point \(j + 1) (\(point))")
            }
            seen[tuple] = seen[tuple] ?? i
        }
    }

    /// Throws when the swept key of `entry` is also a fixed parameter.
    func rejectFixed(_ entry: Entry, _ keyPath: String, _ draft: ParameterDraft) throws(SpecError) {
        if let fixed = draft.paramOrigins[entry.name] {
            throw reader.error(entry.key, keyPath, "also set in params at line \(fixed.key.line); give it in one place")
        }
    }

    /// The values of one axis: a non-empty list, or a single scalar (one value). A `reals`
    /// parameter is swept as a list of lists.
    func axisValues(_ node: Node, of parameter: ParameterSpec, _ keyPath: String,
                    allowRepeats: Bool) throws(SpecError) -> ([ParameterValue], [SourceLocation]) {
        switch node {
        case .sequence(let sequence):
            guard !sequence.isEmpty else { throw reader.error(node, keyPath, "expected a non-empty list of values") }
            if parameter.kind == .reals, !sequence.contains(where: { if case .sequence = $0 { true } else { false } }) {
                throw reader.error(node, keyPath, "a list of reals is swept as a list of lists, e.g. [[1.0, 0.5], [1.0, 0.25]]; "
                                   + "a single list belongs in params")
            }
            var values: [ParameterValue] = []
            var seen: Set<ParameterValue> = []
            var locations: [SourceLocation] = []
            for element in sequence {
                let value = try reader.parameterValue(element, of: parameter, keyPath)
                if !allowRepeats, !seen.insert(value).inserted {
                    throw reader.error(element, keyPath, "value \(value) is listed twice")
                }
                values.append(value)
                locations.append(reader.location(element))
            }
            return (values, locations)
        case .scalar:
            return ([try reader.parameterValue(node, of: parameter, keyPath)], [reader.location(node)])
        default:
            throw reader.error(node, keyPath, "expected a list of values or one value, got \(reader.describe(node))")
        }
    }
}
