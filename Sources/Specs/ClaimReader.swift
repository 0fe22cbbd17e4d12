import ExperimentKit
import Foundation
import Yams

/// A claim as read from the file, with the positions later checks point at.
struct ReadClaim {
    /// The claim.
    var claim: Claim
    /// The key path of the claim, `claims[i]`.
    var keyPath: String
    /// The `where:` key, or the claim's mapping when it has none.
    var filterLocation: SourceLocation
    /// The `versus:` key, when given.
    var versusLocation: SourceLocation?
    /// The claim's mapping, where a missing `source:` is reported.
    var location: SourceLocation
}

/// Reads `claims:` against a model's schema and the spec's sweep as written in the file.
struct ClaimReader {
    /// Node access with positioned errors.
    let reader: NodeReader
    /// The model's schema (parameters and metrics).
    let schema: ModelSchema
    /// The sweep of the file (before command-line overrides).
    let sweep: Sweep

    /// The keys a claim may have.
    static let keys = ["id", "text", "where", "metric", "aggregate", "across", "statistic", "versus", "expect", "source",
                       "deviation"]
    /// The keys of `source:`.
    static let sourceKeys = ["paper", "says", "calibration"]
    /// The keys of `deviation:`, all required.
    static let deviationKeys = ["measured", "tried", "explanation"]
    /// The keys of `expect:`.
    static let expectKeys = ["above", "below", "between", "near", "tolerance"]
    /// The keys of `expect:` of which exactly one is given.
    static let expectationKinds = ["above", "below", "between", "near"]

    /// The claims of a `claims:` list; ids must be unique.
    func read(_ node: Node) throws(SpecError) -> [ReadClaim] {
        var out: [ReadClaim] = []
        var firstID: [String: SourceLocation] = [:]
        for (i, item) in try reader.sequence(node, "claims", expecting: "a list of claims").enumerated() {
            let (source, idNode) = try readClaim(item, "claims[\(i)]")
            let id = source.claim.id
            if let first = firstID[id] {
                throw reader.error(idNode, source.keyPath + ".id",
                                   "duplicate claim id '\(id)' (first at line \(first.line))")
            }
            firstID[id] = reader.location(idNode)
            out.append(source)
        }
        return out
    }

    /// One claim, and its `id` value node.
    func readClaim(_ node: Node, _ path: String) throws(SpecError) -> (ReadClaim, Node) {
        let entries = try reader.entries(node, path)
        try reader.rejectUnknown(entries, allowed: Self.keys, path)
        func present(_ name: String) -> Entry? {
            entries.first { $0.name == name && !reader.isNull($0.value) }
        }
        func required(_ name: String) throws(SpecError) -> Entry {
            guard let entry = entries.first(where: { $0.name == name }) else {
                throw reader.error(node, path + "." + name, "missing required key")
            }
            return entry
        }

        let idEntry = try required("id")
        let id = try reader.string(idEntry.value, path + ".id")
        guard !id.isEmpty, id.unicodeScalars.allSatisfy(Self.isIDCharacter) else {
            throw reader.error(idEntry.value, path + ".id", "expected an id of letters, digits, '.', '_' and '-', got '\(id)'")
        }
        let text = try reader.string(try required("text").value, path + ".text")

        var filter = ParameterSet()
        let whereEntry = present("where")
        if let whereEntry { filter = try parameters(whereEntry.value, path + ".where") }

        let metricEntry = try required("metric")
        let metric = try reader.string(metricEntry.value, path + ".metric")
        let metrics = schema.metrics.map(\.name)
        guard metrics.contains(metric) else {
            throw reader.error(metricEntry.value, path + ".metric", "unknown metric of model '\(schema.name)'"
                               + suggestion(for: metric, among: metrics, otherwise: " (its metrics: \(metrics.joined(separator: ", ")))"))
        }

        var aggregate = Aggregate.median
        if let entry = present("aggregate") {
            let name = try reader.string(entry.value, path + ".aggregate")
            guard let value = Aggregate(rawValue: name) else {
                throw reader.error(entry.value, path + ".aggregate", "expected one of \(Aggregate.names.joined(separator: ", ")) "
                                   + "or qNN (the NN% quantile, e.g. q90), got '\(name)'" + suggestion(for: name, among: Aggregate.names))
            }
            aggregate = value
        }

        let acrossEntry = present("across")
        var across: String?
        if let acrossEntry { across = try axis(acrossEntry, path + ".across", filter: filter) }

        var statistic: ClaimStatistic?
        if let entry = present("statistic") {
            guard let across else {
                throw reader.error(entry.key, path + ".statistic", "'statistic' needs 'across' (the sweep axis it runs over)")
            }
            let value = try choice(entry, path + ".statistic", of: ClaimStatistic.self)
            try check(value, over: across, entry.value, path + ".statistic")
            statistic = value
        } else if let acrossEntry {
            let names = ClaimStatistic.allCases.map(\.rawValue).joined(separator: ", ")
            throw reader.error(acrossEntry.key, path + ".across", "'across' needs a 'statistic' (one of \(names))")
        }

        var versus: ParameterSet?
        let versusEntry = present("versus")
        if let versusEntry {
            let versusPath = path + ".versus"
            guard across == nil else {
                throw reader.error(versusEntry.key, versusPath, "'versus' cannot be combined with 'across'")
            }
            let reference = try parameters(versusEntry.value, versusPath)
            guard !reference.values.isEmpty else {
                throw reader.error(versusEntry.value, versusPath, "expected at least one parameter value to compare against")
            }
            guard !reference.values.allSatisfy({ filter[$0.key] == $0.value }) else {
                throw reader.error(versusEntry.value, versusPath, "selects the same runs as 'where'; nothing to compare")
            }
            versus = reference
        }

        let expect = try expectation(try required("expect").value, path + ".expect")
        var claim = Claim(id: id, text: text, filter: filter, metric: metric, aggregate: aggregate,
                          across: across, statistic: statistic, versus: versus, expect: expect)
        if let entry = present("source") { claim.source = try source(entry.value, path + ".source") }
        if let entry = present("deviation") { claim.deviation = try deviation(entry.value, path + ".deviation") }
        let read = ReadClaim(claim: claim, keyPath: path,
                             filterLocation: reader.location(whereEntry?.key ?? node),
                             versusLocation: versusEntry.map { reader.location($0.key) },
                             location: reader.location(node))
        return (read, idEntry.value)
    }

    /// `source:`: `paper:` (where in the paper, with `says:` its words) and/or `calibration:`
    /// (how our threshold was set); at least one of the two.
    func source(_ node: Node, _ path: String) throws(SpecError) -> ClaimSource {
        let entries = try reader.entries(node, path)
        try reader.rejectUnknown(entries, allowed: Self.sourceKeys, path)
        func text(_ name: String) throws(SpecError) -> String? {
            guard let entry = entries.first(where: { $0.name == name && !reader.isNull($0.value) }) else { return nil }
            let value = try reader.string(entry.value, path + "." + name)
            guard !value.trimmingCharacters(in: .whitespaces).isEmpty else {
                throw reader.error(entry.value, path + "." + name, "expected a non-empty text")
            }
            return value
        }
        let source = ClaimSource(paper: try text("paper"), says: try text("says"), calibration: try text("calibration"))
        if source.paper == nil, source.calibration == nil {
            throw reader.error(node, path, "give 'paper' (where in the paper the statement is) or 'calibration' "
                               + "(how the threshold was set), or both")
        }
        if source.says != nil, source.paper == nil {
            throw reader.error(node, path + ".says", "'says' quotes the paper: give 'paper' (where) with it")
        }
        return source
    }

    /// `deviation:`: a claim measured not to hold, after ruling out a bug: what was measured,
    /// what was tried, and the explanation.
    func deviation(_ node: Node, _ path: String) throws(SpecError) -> Deviation {
        let entries = try reader.entries(node, path)
        try reader.rejectUnknown(entries, allowed: Self.deviationKeys, path)
        var texts: [String: String] = [:]
        for name in Self.deviationKeys {
            guard let entry = entries.first(where: { $0.name == name && !reader.isNull($0.value) }) else {
                throw reader.error(node, path + "." + name, "missing required key (a deviation says what was measured, "
                                   + "what was tried and why it is not a bug)")
            }
            let text = try reader.string(entry.value, path + "." + name)
            guard !text.trimmingCharacters(in: .whitespaces).isEmpty else {
                throw reader.error(entry.value, path + "." + name, "expected a non-empty text")
            }
            texts[name] = text
        }
        return Deviation(measured: texts["measured"] ?? "", tried: texts["tried"] ?? "", explanation: texts["explanation"] ?? "")
    }

    /// Throws at the first claim of `claims` that has no `source:`; checked once the rest of the
    /// spec is valid, so that an error elsewhere in the file is reported first.
    static func checkSources(_ claims: [ReadClaim]) throws(SpecError) {
        for read in claims where read.claim.source == nil {
            throw read.location.error(read.keyPath + ".source", "missing required key (a claim states its source: "
                                      + "paper: where in the paper, and/or calibration: how the threshold was set)")
        }
    }

    /// True for the characters of a claim id: ASCII letters, digits, `.`, `_`, `-`.
    static func isIDCharacter(_ c: Unicode.Scalar) -> Bool {
        switch c {
        case "a"..."z", "A"..."Z", "0"..."9", ".", "_", "-": return true
        default: return false
        }
    }

    /// A `where:` or `versus:` mapping: parameters of the model with normalized values.
    func parameters(_ node: Node, _ path: String) throws(SpecError) -> ParameterSet {
        var set = ParameterSet()
        for entry in try reader.entries(node, path) {
            let keyPath = path + "." + entry.name
            guard let parameter = schema.parameter(named: entry.name) else {
                throw reader.error(entry.key, keyPath, unknownParameterMessage(entry.name, of: schema))
            }
            set[parameter.name] = try reader.parameterValue(entry.value, of: parameter, keyPath)
        }
        return set
    }

    /// A name from a fixed list (`aggregate`, `statistic`), with the nearest one on a typo.
    func choice<T: RawRepresentable & CaseIterable>(_ entry: Entry, _ path: String, of type: T.Type) throws(SpecError) -> T
    where T.RawValue == String {
        let name = try reader.string(entry.value, path)
        guard let value = T(rawValue: name) else {
            let names = T.allCases.map(\.rawValue)
            throw reader.error(entry.value, path, "expected one of \(names.joined(separator: ", ")), got '\(name)'"
                               + suggestion(for: name, among: names))
        }
        return value
    }

    /// The sweep axis named by `across`; it must not also be fixed by `where`.
    func axis(_ entry: Entry, _ path: String, filter: ParameterSet) throws(SpecError) -> String {
        let name = try reader.string(entry.value, path)
        let axes = sweep.axisNames
        guard axes.contains(name) else {
            let detail = axes.isEmpty ? "; the spec sweeps nothing"
                : suggestion(for: name, among: axes, otherwise: " (axes: \(axes.joined(separator: ", ")))")
            throw reader.error(entry.value, path, "'\(name)' is not a sweep axis\(detail)")
        }
        guard filter[name] == nil else {
            throw reader.error(entry.value, path, "'\(name)' is fixed by 'where'; a claim cannot run across a fixed axis")
        }
        return name
    }

    /// Checks that `statistic` can run over the values of `axis`: slopes need at least two
    /// distinct numbers, a log–log slope positive ones.
    func check(_ statistic: ClaimStatistic, over axis: String, _ node: Node, _ path: String) throws(SpecError) {
        guard statistic == .slope || statistic == .loglogSlope else { return }
        let values = sweep.axis(named: axis)?.values ?? []
        let numbers = values.compactMap(\.asDouble)
        guard numbers.count == values.count else {
            throw reader.error(node, path, "\(statistic.rawValue) needs numeric values of '\(axis)'")
        }
        if statistic == .loglogSlope, !numbers.allSatisfy({ $0 > 0 }) {
            throw reader.error(node, path, "loglog_slope needs positive values of '\(axis)'")
        }
        guard Set(numbers).count >= 2 else {
            throw reader.error(node, path, "\(statistic.rawValue) needs at least two distinct values of '\(axis)'")
        }
    }

    /// `expect:`: exactly one of `above: x`, `below: x`, `between: [a, b]` (a < b), or
    /// `near: v` with `tolerance: t` (t ≥ 0); all numbers finite.
    func expectation(_ node: Node, _ path: String) throws(SpecError) -> Expectation {
        let entries = try reader.entries(node, path)
        try reader.rejectUnknown(entries, allowed: Self.expectKeys, path)
        let kinds = entries.filter { Self.expectationKinds.contains($0.name) }
        let oneOf = "exactly one of " + Self.expectationKinds.joined(separator: ", ")
        guard let kind = kinds.first else { throw reader.error(node, path, "expected \(oneOf)") }
        if kinds.count > 1 {
            throw reader.error(kinds[1].key, path + "." + kinds[1].name, "expected \(oneOf); '\(kind.name)' is given too")
        }
        let tolerance = entries.first { $0.name == "tolerance" }
        if kind.name != "near", let tolerance {
            throw reader.error(tolerance.key, path + ".tolerance", "'tolerance' goes with 'near'")
        }
        let kindPath = path + "." + kind.name
        switch kind.name {
        case "above":
            return .above(try reader.number(kind.value, kindPath))
        case "below":
            return .below(try reader.number(kind.value, kindPath))
        case "between":
            let bounds = try reader.sequence(kind.value, kindPath, expecting: "a list [low, high]")
            guard bounds.count == 2 else {
                throw reader.error(kind.value, kindPath, "expected a list [low, high], got \(bounds.count) value\(bounds.count == 1 ? "" : "s")")
            }
            let low = try reader.number(bounds[0], kindPath), high = try reader.number(bounds[1], kindPath)
            guard low < high else {
                throw reader.error(kind.value, kindPath, "expected low < high, got [\(shortNumber(low)), \(shortNumber(high))]")
            }
            return .between(low, high)
        default:
            guard let tolerance else { throw reader.error(kind.key, kindPath, "'near' needs a 'tolerance'") }
            let target = try reader.number(kind.value, kindPath)
            let t = try reader.number(tolerance.value, path + ".tolerance")
            guard t >= 0 else {
                throw reader.error(tolerance.value, path + ".tolerance", "expected a tolerance ≥ 0, got \(shortNumber(t))")
            }
            return .near(target, tolerance: t)
        }
    }
}
