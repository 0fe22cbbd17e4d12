import Yams

/// Parses spec text into a Yams node tree whose marks carry line and column, turning every
/// Yams failure (syntax, duplicate keys, several documents) into a positioned `SpecError`.
/// Aliases are checked first (`AliasBudget`): a text whose aliases expand too far is refused
/// before Yams composes it.
enum YAMLDocument {
    /// The root node of `text`; `file` names the source in errors.
    static func compose(_ text: String, file: String) throws(SpecError) -> Node {
        try AliasBudget.check(text, file: file)
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            throw positioned(error, text: text, file: file)
        } catch {
            throw SpecError(file: file, line: 0, column: 0, keyPath: "", message: "cannot parse YAML: \(error)")
        }
        guard let root else {
            throw SpecError(file: file, line: 1, column: 1, keyPath: "",
                            message: "the spec is empty; expected a mapping with id, title, paper and model")
        }
        return root
    }

    /// The deepest nesting of lists and mappings libyaml accepts (its default limit); deeper
    /// input is a syntax error before any recursion over the tree.
    static let maximumNesting = 1000

    /// A `SpecError` at the position Yams reports for `error`.
    static func positioned(_ error: YamlError, text: String, file: String) -> SpecError {
        func syntax(_ kind: String, _ context: YamlError.Context?, _ problem: String, _ mark: Mark) -> SpecError {
            if problem.hasPrefix("Maximum nesting level reached") {
                return SpecError(file: file, line: mark.line, column: mark.column, keyPath: "",
                                 message: "YAML nested more than \(maximumNesting) levels deep")
            }
            let during = context.map { " (\($0.text) at line \($0.mark.line), column \($0.mark.column))" } ?? ""
            let tab = scalar(atLine: mark.line, column: mark.column, in: text) == "\t" ? "; indent with spaces, not tabs" : ""
            return SpecError(file: file, line: mark.line, column: mark.column, keyPath: "",
                             message: "YAML \(kind) error: \(problem)\(during)\(tab)")
        }
        switch error {
        case let .scanner(context, problem, mark, _): return syntax("syntax", context, problem, mark)
        case let .parser(context, problem, mark, _): return syntax("syntax", context, problem, mark)
        case let .composer(context, problem, mark, _): return syntax("structure", context, problem, mark)
        case let .reader(problem, offset, _, _):
            let (line, column) = offset.map { position(ofCharacterOffset: $0, in: text) } ?? (0, 0)
            return SpecError(file: file, line: line, column: column, keyPath: "", message: "unreadable YAML: \(problem)")
        case let .duplicatedKeysInMapping(duplicates, context):
            return duplicateKey(duplicates.first ?? "", first: context.mark, text: text, file: file)
        default:
            return SpecError(file: file, line: 0, column: 0, keyPath: "", message: "cannot parse YAML: \(error)")
        }
    }

    /// The error for a key repeated in one mapping. Yams reports only the first occurrence;
    /// the error points at the second one (the duplicate), found by hiding the first one
    /// under a placeholder of the same width and composing again. Falls back to the first.
    static func duplicateKey(_ key: String, first: Mark, text: String, file: String) -> SpecError {
        let message = "duplicate key '\(key)' (first at line \(first.line), column \(first.column))"
        let fallback = SpecError(file: file, line: first.line, column: first.column, keyPath: key, message: message)
        var lines = scalarLines(of: text)
        let keyScalars = Array(key.unicodeScalars)
        let row = first.line - 1
        guard !keyScalars.isEmpty, lines.indices.contains(row), first.column >= 1, first.column <= lines[row].count else {
            return fallback
        }
        let quoted = lines[row][first.column - 1] == "\"" || lines[row][first.column - 1] == "'"
        let start = first.column - 1 + (quoted ? 1 : 0)
        guard start + keyScalars.count <= lines[row].count,
              Array(lines[row][start..<start + keyScalars.count]) == keyScalars else { return fallback }
        let placeholder = String(repeating: "\u{E000}", count: keyScalars.count)
        lines[row].replaceSubrange(start..<start + keyScalars.count, with: placeholder.unicodeScalars)
        let hidden = lines.map { String(String.UnicodeScalarView($0)) }.joined(separator: "\n")
        do {
            guard let root = try Yams.compose(yaml: hidden),
                  let (mark, path) = find(key: key, besides: placeholder, in: root, path: "") else { return fallback }
            return SpecError(file: file, line: mark.line, column: mark.column, keyPath: path, message: message)
        } catch let YamlError.duplicatedKeysInMapping(duplicates, context) where duplicates.first == key {
            return SpecError(file: file, line: context.mark.line, column: context.mark.column, keyPath: key, message: message)
        } catch {
            return fallback
        }
    }

    /// Mark and key path of the key `key` in the mapping that also holds the key `placeholder`.
    static func find(key: String, besides placeholder: String, in node: Node, path: String) -> (Mark, String)? {
        switch node {
        case .mapping(let mapping):
            if mapping.contains(where: { $0.key.scalar?.string == placeholder }),
               let hit = mapping.first(where: { $0.key.scalar?.string == key }), let mark = hit.key.mark {
                return (mark, joinKeyPath(path, key))
            }
            for (k, value) in mapping {
                if let found = find(key: key, besides: placeholder, in: value, path: joinKeyPath(path, k.scalar?.string ?? "?")) {
                    return found
                }
            }
            return nil
        case .sequence(let sequence):
            for (i, value) in sequence.enumerated() {
                if let found = find(key: key, besides: placeholder, in: value, path: path + "[\(i)]") { return found }
            }
            return nil
        default:
            return nil
        }
    }

    /// The Unicode scalar at 1-based `line` and `column` of `text`, if there is one.
    static func scalar(atLine line: Int, column: Int, in text: String) -> Unicode.Scalar? {
        let lines = scalarLines(of: text)
        guard line >= 1, line <= lines.count, column >= 1, column <= lines[line - 1].count else { return nil }
        return lines[line - 1][column - 1]
    }

    /// The lines of `text` as Unicode scalars, split at line feeds (a CR of CRLF stays at
    /// the end of its line, after every column YAML reports on it).
    static func scalarLines(of text: String) -> [[Unicode.Scalar]] {
        text.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false).map(Array.init)
    }

    /// 1-based line and column of the character at `offset` (in characters) of `text`.
    static func position(ofCharacterOffset offset: Int, in text: String) -> (Int, Int) {
        var line = 1, column = 1
        for character in text.prefix(max(0, offset)) {
            if character.isNewline {
                line += 1
                column = 1
            } else {
                column += character.unicodeScalars.count
            }
        }
        return (line, column)
    }
}
