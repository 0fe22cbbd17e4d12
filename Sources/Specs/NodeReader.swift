import ExperimentKit
import Yams

/// One `key: value` pair of a YAML mapping, with both nodes (for their positions).
struct Entry {
    /// The key's text.
    let name: String
    /// The key node (errors about the key point here).
    let key: Node
    /// The value node (errors about the value point here).
    let value: Node
}

/// Typed reading of Yams nodes: every failure is a `SpecError` at the node's line and column.
struct NodeReader {
    /// The spec's path, for error messages.
    let file: String

    /// Where `node` starts.
    func location(_ node: Node) -> SourceLocation {
        SourceLocation(file: file, line: node.mark?.line ?? 0, column: node.mark?.column ?? 0)
    }

    /// An error at `node`.
    func error(_ node: Node, _ keyPath: String, _ message: String) -> SpecError {
        location(node).error(keyPath, message)
    }

    /// True for an empty value, `~` or `null` (not for a quoted "null").
    func isNull(_ node: Node) -> Bool {
        guard case .scalar = node else { return false }
        return node.tag.rawValue == Tag.Name.null.rawValue
    }

    /// What a node holds, for "got …" in messages: `a string (fifty)`, `a list`, `nothing (null)`.
    func describe(_ node: Node) -> String {
        switch node {
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        case .alias: return "an alias"
        case .scalar(let scalar):
            if isNull(node) { return "nothing (null)" }
            return scalarValue(node).map { "\($0.typeName) (\($0))" } ?? "'\(scalar.string)'"
        }
    }

    /// The entries of a mapping node, in file order.
    func entries(_ node: Node, _ keyPath: String) throws(SpecError) -> [Entry] {
        guard case .mapping(let mapping) = node else {
            throw error(node, keyPath, "expected a mapping, got \(describe(node))")
        }
        var out: [Entry] = []
        for (key, value) in mapping {
            guard case .scalar(let scalar) = key else {
                throw error(key, keyPath, "expected a plain key, got \(describe(key))")
            }
            if scalar.string == "<<", scalar.style == .plain {
                throw error(key, keyPath, "YAML merge keys (<<) are not supported in a spec; write the keys out")
            }
            out.append(Entry(name: scalar.string, key: key, value: value))
        }
        return out
    }

    /// Throws at the first entry whose key is not in `allowed`, suggesting the nearest one.
    func rejectUnknown(_ entries: [Entry], allowed: [String], _ keyPath: String) throws(SpecError) {
        for entry in entries where !allowed.contains(entry.name) {
            let hint = suggestion(for: entry.name, among: allowed,
                                  otherwise: " (expected one of \(allowed.joined(separator: ", ")))")
            throw error(entry.key, joinKeyPath(keyPath, entry.name), "unknown key\(hint)")
        }
    }

    /// The elements of a sequence node.
    func sequence(_ node: Node, _ keyPath: String, expecting: String) throws(SpecError) -> [Node] {
        guard case .sequence(let sequence) = node else {
            throw error(node, keyPath, "expected \(expecting), got \(describe(node))")
        }
        return Array(sequence)
    }

    /// The text of a non-null scalar (any scalar reads as text: `title: 2023` is "2023").
    func string(_ node: Node, _ keyPath: String) throws(SpecError) -> String {
        guard case .scalar(let scalar) = node, !isNull(node) else {
            throw error(node, keyPath, "expected a string, got \(describe(node))")
        }
        return scalar.string
    }

    /// A finite number (integer or real).
    func number(_ node: Node, _ keyPath: String) throws(SpecError) -> Double {
        guard let d = scalarValue(node)?.asDouble, d.isFinite else {
            throw error(node, keyPath, "expected a finite number, got \(describe(node))")
        }
        return d
    }

    /// A value checked and normalized by `kind` (for `replicates`, `record.every`, …).
    func value(_ node: Node, kind: ParameterKind, _ keyPath: String) throws(SpecError) -> ParameterValue {
        guard let value = scalarValue(node), !isNull(node) else {
            throw error(node, keyPath, "expected \(kind.expectation), got \(describe(node))")
        }
        do throws(ParameterError) {
            return try kind.normalize(value, key: keyPath)
        } catch {
            throw self.error(node, keyPath, error.message)
        }
    }

    /// An integer checked by `kind`.
    func integer(_ node: Node, kind: ParameterKind, _ keyPath: String) throws(SpecError) -> Int {
        guard case .int(let i) = try value(node, kind: kind, keyPath) else {
            throw error(node, keyPath, "expected \(kind.expectation), got \(describe(node))")
        }
        return i
    }

    /// The value of the model parameter `parameter` stated by `node`, normalized by its kind.
    /// A YAML list of numbers is one value of a `reals` parameter; a plain scalar that names
    /// one of a `choice` parameter's options is that option even if YAML reads it otherwise.
    func parameterValue(_ node: Node, of parameter: ParameterSpec, _ keyPath: String) throws(SpecError) -> ParameterValue {
        let kind = parameter.kind
        let value: ParameterValue
        switch node {
        case .sequence(let sequence) where kind == .reals:
            guard !sequence.isEmpty else { throw error(node, keyPath, "expected \(kind.expectation), got an empty list") }
            var reals: [Double] = []
            for element in sequence {
                guard let d = scalarValue(element)?.asDouble else {
                    throw error(element, keyPath, "expected a number in the list, got \(describe(element))")
                }
                reals.append(d)
            }
            value = .reals(reals)
        case .scalar(let scalar):
            if case .choice(let names) = kind, scalar.style == .plain || scalar.style == .any, names.contains(scalar.string) {
                value = .string(scalar.string)
            } else if let v = scalarValue(node), !isNull(node) {
                value = v
            } else {
                throw error(node, keyPath, "expected \(kind.expectation), got \(describe(node))")
            }
        default:
            throw error(node, keyPath, "expected \(kind.expectation), got \(describe(node))")
        }
        do throws(ParameterError) {
            return try kind.normalize(value, key: parameter.name)
        } catch {
            throw self.error(node, keyPath, error.message)
        }
    }

    /// A scalar as YAML resolves it: integer, real (incl. `1.0e-15`, `.inf`), boolean, or
    /// string (quoted scalars are always strings). `nil` for non-scalars; null reads as a string.
    func scalarValue(_ node: Node) -> ParameterValue? {
        guard case .scalar(let scalar) = node else { return nil }
        switch node.tag.rawValue {
        case Tag.Name.int.rawValue:
            if let i = node.int { return .int(i) }
            if let d = Double(scalar.string.filter { $0 != "_" }) { return .double(d) }
            return .string(scalar.string)
        case Tag.Name.float.rawValue:
            return node.float.map { .double($0) } ?? .string(scalar.string)
        case Tag.Name.bool.rawValue:
            return node.bool.map { .bool($0) } ?? .string(scalar.string)
        default:
            return .string(scalar.string)
        }
    }
}
