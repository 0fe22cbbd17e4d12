import ExperimentKit

/// Why a spec (or a `--set` override) was rejected, with where it happened. Every error the
/// `Specs` module throws is a `SpecError`; its `description` is the one line the user sees.
public struct SpecError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The spec file's path as given, or `--set` / `--replicates` for command-line input.
    public var file: String
    /// 1-based line of the offending key or value; 0 when there is no position in a file
    /// (missing file, unreadable bytes, command-line input).
    public var line: Int
    /// 1-based column (in Unicode scalars) of the offending key or value; 0 with `line` 0.
    public var column: Int
    /// Dotted path of the key, e.g. `params.iterations`, `sweep.zip.step`, `claims[0].expect`;
    /// empty when the error concerns the whole file.
    public var keyPath: String
    /// What is wrong, phrased to follow the key path.
    public var message: String

    /// Creates an error at `file:line:column`, about `keyPath`.
    public init(file: String, line: Int, column: Int, keyPath: String, message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.keyPath = keyPath
        self.message = message
    }

    /// One line: `PATH:LINE:COLUMN: KEY.PATH: message`. Without a position (line 0) the
    /// `:LINE:COLUMN` part is left out, and an empty key path is left out with its colon:
    /// `experiments/x.yaml: cannot read the file: no such file`.
    ///
    /// Text from the spec (a key, a value) is shown on one line and cut short: line breaks
    /// and other control characters appear escaped (`\n`), a key path longer than 120
    /// characters and a message longer than 600 are shortened with `…`.
    public var description: String {
        var text = file
        if line > 0 { text += ":\(line):\(column)" }
        text += ": "
        if !keyPath.isEmpty { text += Self.shortened(keyPath, to: 120) + ": " }
        return Self.oneLine(text + Self.shortened(message, to: 600))
    }

    /// `text` cut to `limit` characters with a trailing `…` and the full length.
    static func shortened(_ text: String, to limit: Int) -> String {
        guard text.count > limit else { return text }
        return text.prefix(limit) + "… (\(text.count) characters)"
    }

    /// `text` with line breaks, tabs and other control characters escaped.
    static func oneLine(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{85}", "\u{2028}", "\u{2029}": out += "\\u{\(String(scalar.value, radix: 16))}"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F {
                    out += "\\u{\(String(scalar.value, radix: 16))}"
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out
    }
}

/// A position in a spec file (or a command-line source with line 0).
struct SourceLocation: Sendable, Equatable {
    /// The file path, or `--set` for an override.
    var file: String
    /// 1-based line, 0 when unknown.
    var line: Int
    /// 1-based column, 0 when unknown.
    var column: Int

    /// An error at this location.
    func error(_ keyPath: String, _ message: String) -> SpecError {
        SpecError(file: file, line: line, column: column, keyPath: keyPath, message: message)
    }
}

/// `prefix.key`, or `key` alone when `prefix` is empty.
func joinKeyPath(_ prefix: String, _ key: String) -> String {
    prefix.isEmpty ? key : prefix + "." + key
}

/// " (did you mean 'x'?)" when a candidate is close to `name`, else `otherwise`.
func suggestion(for name: String, among candidates: [String], otherwise: String = "") -> String {
    nearestName(to: name, among: candidates).map { " (did you mean '\($0)'?)" } ?? otherwise
}
