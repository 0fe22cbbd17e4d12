import DataInputs
import ExperimentKit

/// The file inputs of a spec being loaded: every path given to a parameter of kind
/// `matrixFile` (in `params`, a sweep axis, a `--set`, or a claim's or figure's `where`) is
/// read by the data layer (`MatrixFileReader`) and replaced by the matrix it holds, so the
/// plan hands models data and the run keys hold the files' content hashes. Each path is read
/// once per load; a file that cannot be read is a `SpecError` at the value that names it.
struct FileInputs {
    /// The names of the schema's `matrixFile` parameters.
    let names: Set<String>
    /// The inputs read so far, by path.
    private var read: [String: MatrixInput] = [:]

    /// The file inputs of `schema`'s parameters.
    init(schema: ModelSchema) {
        names = Set(schema.parameters.filter { $0.kind == .matrixFile }.map(\.name))
    }

    /// Reads the files of `draft` (fixed values and sweep axes) and of the `where` and
    /// `versus` filters of `claims` and `figures`, replacing each path by its matrix.
    mutating func load(_ draft: inout ParameterDraft, claims: inout [ReadClaim], figures: inout [FigureSource])
    throws(SpecError) {
        guard !names.isEmpty else { return }
        for name in names.sorted() {
            if let value = draft.params[name] {
                let origin = draft.paramOrigins[name]
                draft.params[name] = try load(value, at: origin?.value ?? draft.paramsLocation, origin?.keyPath ?? "params." + name)
            }
            let origin = draft.axisOrigins[name]
            for a in draft.sweep.axes.indices where draft.sweep.axes[a].name == name {
                try load(&draft.sweep.axes[a], origin: origin)
            }
            for z in draft.sweep.zipped.indices where draft.sweep.zipped[z].name == name {
                try load(&draft.sweep.zipped[z], origin: origin)
            }
        }
        for c in claims.indices {
            let source = claims[c]
            claims[c].claim.filter = try load(source.claim.filter, at: source.filterLocation, source.keyPath + ".where")
            if let versus = source.claim.versus {
                claims[c].claim.versus = try load(versus, at: source.versusLocation ?? source.filterLocation,
                                                  source.keyPath + ".versus")
            }
        }
        for f in figures.indices {
            let source = figures[f]
            figures[f].figure.filter = try load(source.figure.filter, at: source.filterLocation, source.keyPath + ".where")
        }
    }

    /// The values of `axis` with its paths read; errors point at the value's position.
    private mutating func load(_ axis: inout SweepAxis, origin: AxisOrigin?) throws(SpecError) {
        for i in axis.values.indices {
            let location = origin.flatMap { $0.values.indices.contains(i) ? $0.values[i] : nil }
                ?? SourceLocation(file: Override.source, line: 0, column: 0)
            axis.values[i] = try load(axis.values[i], at: location, origin?.keyPath ?? axis.name)
        }
    }

    /// `filter` with the values of file parameters read.
    private mutating func load(_ filter: ParameterSet, at location: SourceLocation, _ keyPath: String) throws(SpecError)
    -> ParameterSet {
        var out = filter
        for name in names.sorted() {
            if let value = filter[name] { out[name] = try load(value, at: location, keyPath + "." + name) }
        }
        return out
    }

    /// The matrix at path `value`; other values (an input already read) unchanged.
    private mutating func load(_ value: ParameterValue, at location: SourceLocation, _ keyPath: String)
    throws(SpecError) -> ParameterValue {
        guard case .string(let path) = value, !path.isEmpty else { return value }
        if let known = read[path] { return .matrix(known) }
        do throws(MatrixFileError) {
            let input = try MatrixFileReader.read(path: path)
            read[path] = input
            return .matrix(input)
        } catch {
            throw location.error(keyPath, error.description)
        }
    }
}
