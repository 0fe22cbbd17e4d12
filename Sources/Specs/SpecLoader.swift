import ExperimentKit
import Yams

/// Loads spec files: YAML → validated `Spec`. Every key, type and range is checked against
/// the model's schema, the files of file inputs are read (`FileInputs`: a path becomes the
/// matrix it holds, identified by its content hash), every sweep point is resolved (defaults,
/// cross-checks), and every problem is a `SpecError` naming file, line, column and key path.
/// Nothing else is thrown.
///
/// Claims and figures are read against the sweep as written in the file, then checked again
/// after the command-line overrides: a `where` that selects no run, or a figure that would pool
/// runs differing in an axis added by `--set`, is the same error either way.
/// A UTF-8 byte-order mark at the start is ignored.
///
/// Hostile input is bounded before it can cost much: a file above 1 MiB is refused unread,
/// aliases may add at most 100 000 nodes (`AliasBudget`), nesting stops at 1000 levels, and a
/// plan above `largeRunLimit` runs needs `allowLarge` (above `hardRunLimit`, never loads).
///
/// `contentHash` is the hex SHA-256 of the file bytes (`contentHash(of:)`); treat it as an
/// opaque change detector.
public struct SpecLoader: Sendable {
    /// The models a spec may name.
    public let registry: ModelRegistry
    /// Accept sweeps above `largeRunLimit` runs.
    public let allowLarge: Bool

    /// Runs (sweep points × replicates) above which loading needs `allowLarge`.
    public static let largeRunLimit = 100_000
    /// Runs above which a spec is refused even with `allowLarge`: its plan alone would take
    /// gigabytes and minutes before the first run.
    public static let hardRunLimit = 10_000_000
    /// Admissible `replicates`.
    public static let replicateKind = ParameterKind.integer(min: 1, max: 10_000)
    /// The keys of a spec's top-level mapping.
    public static let topLevelKeys = ["id", "title", "paper", "model", "params", "sweep", "replicates", "record",
                                      "claims", "notes", "figure", "figures", "agreement"]

    /// Creates a loader for the models of `registry`.
    public init(registry: ModelRegistry, allowLarge: Bool = false) {
        self.registry = registry
        self.allowLarge = allowLarge
    }

    /// Loads the spec file at `path`, then applies command-line `overrides` (`--set`) and a
    /// `replicates` override (`--replicates`).
    public func load(path: String, overrides: [Override] = [], replicates: Int? = nil) throws(SpecError) -> Spec {
        let bytes = try SpecFile.read(path)
        let text = try SpecFile.decode(bytes, path: path)
        return try build(text: text, path: path, hash: contentHash(of: bytes), overrides: overrides, replicates: replicates)
    }

    /// Loads a spec from `text`; `path` names it in errors and in `Spec.path`.
    public func load(text: String, path: String, overrides: [Override] = [], replicates: Int? = nil) throws(SpecError) -> Spec {
        guard text.utf8.count <= SpecFile.maximumSize else {
            throw SpecError(file: path, line: 0, column: 0, keyPath: "", message: SpecFile.tooLarge(text.utf8.count))
        }
        return try build(text: text, path: path, hash: contentHash(of: Array(text.utf8)), overrides: overrides, replicates: replicates)
    }

    /// Node tree → draft → overrides → size check → resolved points → `Spec`.
    func build(text: String, path: String, hash: String, overrides: [Override], replicates replicatesOverride: Int?)
    throws(SpecError) -> Spec {
        let reader = NodeReader(file: path)
        let root = try YAMLDocument.compose(text.hasPrefix("\u{FEFF}") ? String(text.dropFirst()) : text, file: path)
        let top = try reader.entries(root, "")
        try reader.rejectUnknown(top, allowed: Self.topLevelKeys, "")
        func present(_ name: String) -> Entry? {
            top.first { $0.name == name && !reader.isNull($0.value) }
        }
        func required(_ name: String) throws(SpecError) -> String {
            guard let entry = top.first(where: { $0.name == name }) else {
                throw reader.error(root, name, "missing required key")
            }
            let text = try reader.string(entry.value, name)
            guard !text.isEmpty else { throw reader.error(entry.value, name, "expected a non-empty string") }
            if name == "id", !text.unicodeScalars.allSatisfy(Self.isIDCharacter) {
                throw reader.error(entry.value, name, "expected an id of a-z, 0-9, '.', '_' and '-', got '\(text)'")
            }
            return text
        }

        let id = try required("id")
        let title = try required("title")
        let paper = try required("paper")
        let model = try required("model")
        let modelNode = top.first { $0.name == "model" }?.value ?? root
        let described: ModelSchema?
        do throws(ModelProgramError) {
            described = try registry.resolveSchema(of: model, besideSpecAt: path)
        } catch {
            throw reader.error(modelNode, "model", error.description)
        }
        guard let schema = described else {
            let node = modelNode
            let names = registry.names
            let hint = names.isEmpty ? " (no models are registered)"
                : suggestion(for: model, among: names, otherwise: " (known models: \(names.joined(separator: ", ")))")
            throw reader.error(node, "model", "unknown model '\(model)'\(hint)")
        }

        var draft = try ParameterReader(reader: reader, schema: schema)
            .read(params: present("params"), sweep: present("sweep"), root: root)

        var replicates = 1
        if let entry = present("replicates") {
            replicates = try reader.integer(entry.value, kind: Self.replicateKind, "replicates")
        }
        var record = RecordPolicy()
        if let entry = present("record") {
            let entries = try reader.entries(entry.value, "record")
            try reader.rejectUnknown(entries, allowed: ["every"], "record")
            if let every = entries.first(where: { $0.name == "every" }) {
                record = RecordPolicy(every: try reader.integer(every.value, kind: .integer(min: 1, max: nil), "record.every"))
            }
        }
        var claims: [ReadClaim] = []
        if let entry = present("claims") {
            claims = try ClaimReader(reader: reader, schema: schema, sweep: draft.sweep).read(entry.value)
        }
        var figures = try FigureReader(reader: reader, schema: schema, sweep: draft.sweep)
            .read(figure: present("figure"), figures: present("figures"))
        var notes: String?
        if let entry = present("notes") { notes = try reader.string(entry.value, "notes") }
        var agreement: ImplementationAgreement?
        if let entry = present("agreement") { agreement = try reader.agreement(entry.value, schema: schema, specPath: path) }

        try draft.apply(overrides, schema: schema)
        if let replicatesOverride {
            guard (1...10_000).contains(replicatesOverride) else {
                throw SpecError(file: "--replicates", line: 0, column: 0, keyPath: "replicates",
                                message: "expected \(Self.replicateKind.expectation), got \(replicatesOverride)")
            }
            replicates = replicatesOverride
        }

        let points = draft.sweep.pointCount
        let (runs, overflow) = points.multipliedReportingOverflow(by: replicates)
        let size = "\(points == Int.max ? "more than \(Int.max)" : "\(points)") points × \(replicates) replicates = "
            + (overflow || points == Int.max ? "too many" : "\(runs)") + " runs"
        if overflow || runs > Self.hardRunLimit {
            throw draft.sweepLocation.error("sweep", size + ", above the hard limit of \(Self.hardRunLimit); split the sweep")
        }
        if !allowLarge, runs > Self.largeRunLimit {
            throw draft.sweepLocation.error("sweep", size + ", above the limit of \(Self.largeRunLimit); "
                + "pass --allow-large to run it anyway")
        }
        var inputs = FileInputs(schema: schema)
        try inputs.load(&draft, claims: &claims, figures: &figures)
        let resolved = try PointValidation.resolveAll(draft, schema: schema)
        try PointValidation.checkClaims(claims, against: resolved)
        try FigureReader.check(figures, against: resolved)
        if !overrides.isEmpty { try FigureReader.checkPooling(figures, sweep: draft.sweep) }
        try ClaimReader.checkSources(claims)

        var spec = Spec(id: id, title: title, paper: paper, model: model, path: path, contentHash: hash,
                        params: draft.params, sweep: draft.sweep, replicates: replicates, record: record,
                        claims: claims.map(\.claim), notes: notes)
        spec.figures = figures.map(\.figure)
        spec.agreement = agreement
        return spec
    }

    /// True for the characters of a spec id: `a-z`, `0-9`, `.`, `_`, `-`.
    static func isIDCharacter(_ c: Unicode.Scalar) -> Bool {
        switch c {
        case "a"..."z", "0"..."9", ".", "_", "-": return true
        default: return false
        }
    }
}
