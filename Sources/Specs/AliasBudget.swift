import Yams

/// Guards against YAML alias bombs ("billion laughs"): a few lines of anchors and aliases
/// that expand to billions of nodes. Yams shares an aliased node rather than copying it, but
/// hashing a mapping key and every walk over the tree visit the expansion, so an alias bomb
/// would hang the loader.
///
/// The check composes a copy of the text in which every `*` is replaced by the private-use
/// scalar U+E001. That copy has no alias at all (an alias `*a` becomes the plain scalar
/// `\u{E001}a`; a `*` inside a string stays part of the string), the same structure and the
/// same line and column of every node; composing it is linear in the text. Walking it in
/// document order, each anchored node's size (its nodes, with the sizes of the aliases it
/// contains) is remembered, and each alias placeholder adds the size of the anchor it names.
/// The walk stops at the first alias whose expansion takes the aliased nodes past `limit`.
enum AliasBudget {
    /// The most nodes that aliases may add to a spec, in total.
    static let limit = 100_000

    /// The scalar that stands for `*` in the alias-free copy.
    static let placeholder: Unicode.Scalar = "\u{E001}"

    /// `text` with every `*` replaced by `placeholder` (one scalar for one: positions are kept).
    static func aliasFree(_ text: String) -> String {
        var scalars = String.UnicodeScalarView()
        scalars.append(contentsOf: text.unicodeScalars.lazy.map { $0 == "*" ? placeholder : $0 })
        return String(scalars)
    }

    /// `text` with every `placeholder` turned back into `*` (for messages about the copy).
    static func restored(_ text: String) -> String {
        var scalars = String.UnicodeScalarView()
        scalars.append(contentsOf: text.unicodeScalars.lazy.map { $0 == placeholder ? "*" : $0 })
        return String(scalars)
    }

    /// Throws when the aliases of `text` expand to more than `limit` nodes, or when the
    /// alias-free copy is not valid YAML (the error the real text would give, at the same place).
    static func check(_ text: String, file: String) throws(SpecError) {
        guard text.unicodeScalars.contains("*") else { return }
        let copy = aliasFree(text)
        let parser: Parser
        let root: Node?
        do {
            parser = try Parser(yaml: copy)
            root = try parser.singleRoot()
        } catch let error as YamlError {
            var positioned = YAMLDocument.positioned(error, text: copy, file: file)
            positioned.message = restored(positioned.message)
            positioned.keyPath = restored(positioned.keyPath)
            throw positioned
        } catch {
            throw SpecError(file: file, line: 0, column: 0, keyPath: "", message: "cannot parse YAML: \(error)")
        }
        guard let root else { return }
        var walk = Walk(file: file)
        withExtendedLifetime(parser) {
            _ = walk.size(of: root, path: "")
        }
        if let error = walk.error { throw error }
    }

    /// One walk over the alias-free tree, in document order.
    struct Walk {
        /// The spec's path, for the error.
        let file: String
        /// Expanded size of each anchor defined so far (a later definition shadows an earlier one).
        var anchorSizes: [String: Int] = [:]
        /// Nodes added by aliases so far.
        var aliased = 0
        /// The error, once the budget is exceeded; the walk stops there.
        var error: SpecError?

        /// Expanded node count of `node` (saturating at `limit + 1`), registering its anchor.
        mutating func size(of node: Node, path: String) -> Int {
            guard error == nil else { return 0 }
            var total = 1
            switch node {
            case .scalar(let scalar):
                if scalar.style == .plain, let name = Self.aliasName(scalar.string) {
                    let added = anchorSizes[name] ?? 1
                    aliased = min(aliased + added, AliasBudget.limit + 1)
                    total = added
                    if aliased > AliasBudget.limit {
                        error = SpecError(
                            file: file, line: node.mark?.line ?? 0, column: node.mark?.column ?? 0, keyPath: path,
                            message: "the aliases of this spec expand to more than \(AliasBudget.limit) nodes "
                                + "(an alias bomb?); alias *\(name) adds \(added < AliasBudget.limit ? "\(added)" : "too many")")
                        return 0
                    }
                }
            case .mapping(let mapping):
                for (key, value) in mapping {
                    let name = key.scalar.map { Self.aliasName($0.string) == nil ? $0.string : "?" } ?? "?"
                    total = min(total + size(of: key, path: path), AliasBudget.limit + 1)
                    total = min(total + size(of: value, path: joinKeyPath(path, name)), AliasBudget.limit + 1)
                }
            case .sequence(let sequence):
                for (i, element) in sequence.enumerated() {
                    total = min(total + size(of: element, path: path + "[\(i)]"), AliasBudget.limit + 1)
                }
            case .alias:
                break
            }
            if let anchor = node.anchor?.rawValue {
                anchorSizes[anchor] = total
            }
            return total
        }

        /// The anchor name of an alias placeholder (`\u{E001}name`), or nil for other text.
        static func aliasName(_ text: String) -> String? {
            guard text.unicodeScalars.first == AliasBudget.placeholder else { return nil }
            let name = String(text.unicodeScalars.dropFirst().prefix { scalar in
                switch scalar {
                case "a"..."z", "A"..."Z", "0"..."9", "-", "_": return true
                default: return false
                }
            })
            return name.isEmpty ? nil : name
        }
    }
}
