import ExperimentKit
import Yams

/// A figure as read from the file, with the position of its `where:` for later checks.
struct FigureSource {
    /// The figure.
    var figure: Figure
    /// `figure` or `figures[i]`.
    var keyPath: String
    /// The `where:` key, or the figure's mapping when it has none.
    var filterLocation: SourceLocation
}

/// Reads `figure:` (one block) or `figures:` (a list of blocks with ids) against a model's
/// schema and the spec's sweep as written in the file (grammar: docs/specs-and-claims.md, "Figures").
struct FigureReader {
    /// Node access with positioned errors.
    let reader: NodeReader
    /// The model's schema (parameters, metrics, series).
    let schema: ModelSchema
    /// The sweep of the file (before command-line overrides).
    let sweep: Sweep

    /// The keys of a figure block.
    static let keys = ["id", "x", "y", "curves", "where", "log", "band", "title"]
    /// The value of `x:` that plots a series against its step.
    static let iteration = "iteration"
    /// The value of `x:` that plots a series against the run's elapsed wall time.
    static let time = "time"

    /// The figures of a spec: from `figure:` or `figures:` (not both); none when neither.
    func read(figure: Entry?, figures: Entry?) throws(SpecError) -> [FigureSource] {
        if figure != nil, let figures {
            throw reader.error(figures.key, "figures", "give either 'figure' (one) or 'figures' (a list), not both")
        }
        if let figure {
            if case .sequence = figure.value {
                throw reader.error(figure.value, "figure", "expected one figure (a mapping); use 'figures:' for a list")
            }
            return [try readFigure(figure.value, "figure", needsID: false).0]
        }
        guard let figures else { return [] }
        var out: [FigureSource] = []
        var firstID: [String: Int] = [:]
        for (i, item) in try reader.sequence(figures.value, "figures", expecting: "a list of figures").enumerated() {
            let (source, idNode) = try readFigure(item, "figures[\(i)]", needsID: true)
            if let id = source.figure.id, let idNode {
                if let line = firstID[id] {
                    throw reader.error(idNode, source.keyPath + ".id", "duplicate figure id '\(id)' (first at line \(line))")
                }
                firstID[id] = reader.location(idNode).line
            }
            out.append(source)
        }
        return out
    }

    /// One figure block, and its `id` value node when it has one.
    func readFigure(_ node: Node, _ path: String, needsID: Bool) throws(SpecError) -> (FigureSource, Node?) {
        let entries = try reader.entries(node, path)
        try reader.rejectUnknown(entries, allowed: Self.keys, path)
        func present(_ name: String) -> Entry? {
            entries.first { $0.name == name && !reader.isNull($0.value) }
        }
        func required(_ name: String) throws(SpecError) -> Entry {
            guard let entry = present(name) else { throw reader.error(node, path + "." + name, "missing required key") }
            return entry
        }

        var id: String?
        let idEntry = present("id")
        if let idEntry {
            let text = try reader.string(idEntry.value, path + ".id")
            guard !text.isEmpty, text.unicodeScalars.allSatisfy(SpecLoader.isIDCharacter) else {
                throw reader.error(idEntry.value, path + ".id", "expected an id of a-z, 0-9, '.', '_' and '-', got '\(text)'")
            }
            id = text
        } else if needsID {
            throw reader.error(node, path + ".id", "missing required key (an item of 'figures' names its files by its id)")
        }

        var filter = ParameterSet()
        let whereEntry = present("where")
        if let whereEntry {
            filter = try ClaimReader(reader: reader, schema: schema, sweep: sweep).parameters(whereEntry.value, path + ".where")
            try checkSweptValues(filter, whereEntry.value, path + ".where")
        }

        let xEntry = try required("x")
        let xName = try reader.string(xEntry.value, path + ".x")
        let x: FigureX
        switch xName {
        case Self.iteration: x = .iteration
        case Self.time:
            guard schema.series.contains(where: { $0.name == OutputSpec.elapsedSeconds }) else {
                throw reader.error(xEntry.value, path + ".x", "model '\(schema.name)' records no series "
                                   + "'\(OutputSpec.elapsedSeconds)', so its series cannot be drawn against time")
            }
            x = .time
        default: x = .axis(try axis(xEntry.value, xName, path + ".x", filter: filter, role: "x"))
        }

        let yEntry = try required("y")
        let y = try reader.string(yEntry.value, path + ".y")
        let (names, kind) = x.plotsSeries ? (schema.series.map(\.name), "series") : (schema.metrics.map(\.name), "metric")
        guard names.contains(y) else {
            let why = x.plotsSeries ? " (with x: \(x.name), y is a series)" : " (with x a sweep axis, y is a metric)"
            throw reader.error(yEntry.value, path + ".y", "unknown \(kind) of model '\(schema.name)'\(why)"
                               + suggestion(for: y, among: names, otherwise: "; its \(kind): \(names.joined(separator: ", "))"))
        }

        var curves: String?
        if let entry = present("curves") {
            let name = try reader.string(entry.value, path + ".curves")
            curves = try axis(entry.value, name, path + ".curves", filter: filter, role: "curves")
            if case .axis(let xAxis) = x, xAxis == name {
                throw reader.error(entry.value, path + ".curves", "'\(name)' is already the x axis")
            }
        }
        try checkPooling(x: x, curves: curves, filter: filter, node: node, path: path)

        var log: Set<FigureScaleAxis> = []
        if let entry = present("log") {
            let items: [Node]
            if case .sequence(let list) = entry.value { items = Array(list) } else { items = [entry.value] }
            for item in items {
                let name = try reader.string(item, path + ".log")
                guard let scale = FigureScaleAxis(rawValue: name) else {
                    throw reader.error(item, path + ".log", "expected a list of x and y, got '\(name)'")
                }
                log.insert(scale)
            }
            if log.contains(.x), case .axis(let name) = x {
                let values = sweep.axis(named: name)?.values ?? []
                guard values.allSatisfy({ ($0.asDouble ?? 0) > 0 }) else {
                    throw reader.error(entry.value, path + ".log", "a log x axis needs positive numbers as values of '\(name)'")
                }
            }
        }

        var band = FigureBand.minmax
        if let entry = present("band") {
            band = try ClaimReader(reader: reader, schema: schema, sweep: sweep).choice(entry, path + ".band", of: FigureBand.self)
        }
        var title: String?
        if let entry = present("title") { title = try reader.string(entry.value, path + ".title") }

        let figure = Figure(id: id, x: x, y: y, curves: curves, filter: filter, log: log, band: band, title: title)
        let source = FigureSource(figure: figure, keyPath: path, filterLocation: reader.location(whereEntry?.key ?? node))
        return (source, idEntry?.value)
    }

    /// `name` if it is a sweep axis not fixed by `where`; `role` names the key in messages.
    func axis(_ node: Node, _ name: String, _ path: String, filter: ParameterSet, role: String) throws(SpecError) -> String {
        let axes = sweep.axisNames
        guard axes.contains(name) else {
            let options = role == "x" ? [Self.iteration, Self.time] + axes : axes
            let detail = axes.isEmpty && role != "x" ? "; the spec sweeps nothing"
                : suggestion(for: name, among: options, otherwise: " (expected \(options.joined(separator: ", ")))")
            let what = role == "x" ? "is neither 'iteration', 'time' nor a sweep axis" : "is not a sweep axis"
            throw reader.error(node, path, "'\(name)' \(what)\(detail)")
        }
        guard filter[name] == nil else {
            throw reader.error(node, path, "'\(name)' is fixed by 'where'; it cannot also be \(role)")
        }
        return name
    }

    /// A `where` value of a swept parameter must be one of the axis's values.
    func checkSweptValues(_ filter: ParameterSet, _ node: Node, _ path: String) throws(SpecError) {
        for (name, value) in filter.values.sorted(by: { $0.key < $1.key }) {
            guard let values = sweep.axis(named: name)?.values, !values.contains(value) else { continue }
            throw reader.error(node, path + "." + name,
                               "\(value) is not a value of the sweep axis '\(name)' (its values: "
                               + values.map(\.description).joined(separator: ", ") + ")")
        }
    }

    /// Every sweep axis must be the x axis, the curves axis, fixed by `where`, or zipped with
    /// one of those; otherwise runs that differ in it would be pooled into one curve.
    func checkPooling(x: FigureX, curves: String?, filter: ParameterSet, node: Node, path: String) throws(SpecError) {
        if let (_, message) = Self.pooledAxis(x: x, curves: curves, filter: filter, sweep: sweep) {
            throw reader.error(node, path, message)
        }
    }

    /// The first sweep axis that a figure with `x`, `curves` and `filter` would pool over
    /// `sweep`, with the message that says so; nil when there is none.
    static func pooledAxis(x: FigureX, curves: String?, filter: ParameterSet, sweep: Sweep) -> (String, String)? {
        var shown: Set<String> = []
        if case .axis(let name) = x { shown.insert(name) }
        if let curves { shown.insert(curves) }
        let zipped = Set(sweep.zipped.map(\.name))
        if !shown.isDisjoint(with: zipped) || zipped.contains(where: { filter[$0] != nil }) { shown.formUnion(zipped) }
        for name in sweep.axisNames where !shown.contains(name) && filter[name] == nil {
            let values = (sweep.axis(named: name)?.values ?? []).map(\.description).joined(separator: ", ")
            return (name, "the sweep axis '\(name)' is neither x, curves nor fixed by 'where'; "
                    + "its runs would be pooled into one curve (fix it, e.g. where: { \(name): … } with one of \(values))")
        }
        return nil
    }

    /// After `--set` overrides: throws, at the override of the axis, when a figure would pool
    /// runs that differ in a sweep axis of `sweep` (the overridden sweep).
    static func checkPooling(_ figures: [FigureSource], sweep: Sweep) throws(SpecError) {
        for source in figures {
            let figure = source.figure
            guard let (name, message) = pooledAxis(x: figure.x, curves: figure.curves, filter: figure.filter, sweep: sweep) else {
                continue
            }
            throw SpecError(file: Override.source, line: 0, column: 0, keyPath: name, message: "\(source.keyPath): " + message)
        }
    }

    /// Throws when a figure's `where` matches none of the resolved `points`.
    static func check(_ figures: [FigureSource], against points: [ParameterSet]) throws(SpecError) {
        for source in figures where !source.figure.filter.values.isEmpty {
            if !points.contains(where: source.figure.matches) {
                throw source.filterLocation.error(source.keyPath + ".where",
                                                  "no run of the sweep has \(PointValidation.listing(source.figure.filter))")
            }
        }
    }
}
