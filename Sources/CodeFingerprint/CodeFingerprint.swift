/// The fingerprint of the code that produced a run (DESIGN.md "Seeds and run identity"): a hex
/// SHA-256 of a model's sources with comments and whitespace removed, so that editing a comment
/// or reindenting leaves it unchanged while changing a constant does not. The build tool
/// `repro-fingerprint` computes it when a model module is built; the module's schema carries it
/// as `ModelSchema.codeFingerprint`.
public enum CodeFingerprint {
    /// The lexical rules a source file is read with.
    public enum Language: Sendable, Equatable {
        /// Swift: nested block comments; `"…"`, `"""…"""` and raw `#"…"#` string literals with
        /// `\(…)` interpolation.
        case swift
        /// C (`.c`, `.h`): block comments end at the first `*/`; `"…"` strings and `'…'`
        /// character literals.
        case c

        /// The language of a file, from its name: C for `.c` and `.h`, Swift otherwise.
        public init(fileName: String) {
            self = fileName.hasSuffix(".c") || fileName.hasSuffix(".h") ? .c : .swift
        }
    }

    /// `source` without comments (`// …` to the end of the line, `/* … */`) and with the
    /// whitespace outside string and character literals reduced to what separates tokens: in
    /// Swift one space between two identifier or number characters (`let x`), none elsewhere
    /// (`x = 1` → `x=1`); in C one newline for a run that holds one, one space otherwise.
    /// Literals are kept verbatim.
    public static func normalized(_ source: String, language: Language = .swift) -> String {
        var scanner = SourceScanner(source, language: language)
        scanner.scanCode(inInterpolation: false)
        var out = String.UnicodeScalarView()
        out.append(contentsOf: scanner.output)
        return String(out)
    }

    /// Hex SHA-256 of `files` sorted by name (byte order of UTF-8), each contributing its name
    /// (path relative to the package's `Sources/` directory, e.g.
    /// `MatrixSensing/MatrixSensing.swift`), a NUL, its `normalized` text (read as C for `.c`
    /// and `.h` names) and a NUL. Independent of the order the files are given in.
    public static func digest(files: [(name: String, text: String)]) -> String {
        let entries = files
            .map { (name: $0.name, text: normalized($0.text, language: Language(fileName: $0.name))) }
            .sorted { a, b in
                a.name == b.name
                    ? a.text.utf8.lexicographicallyPrecedes(b.text.utf8)
                    : a.name.utf8.lexicographicallyPrecedes(b.name.utf8)
            }
        var bytes: [UInt8] = []
        for entry in entries {
            bytes += Array(entry.name.utf8) + [0]
            bytes += Array(entry.text.utf8) + [0]
        }
        return SHA256Digest.hex(bytes)
    }
}

/// A single pass over a source's Unicode scalars that copies everything but comments and
/// whitespace outside literals.
private struct SourceScanner {
    let scalars: [Unicode.Scalar]
    let language: CodeFingerprint.Language
    var position = 0
    var output: [Unicode.Scalar] = []

    init(_ source: String, language: CodeFingerprint.Language) {
        scalars = Array(source.unicodeScalars)
        self.language = language
        output.reserveCapacity(scalars.count)
    }

    /// The scalar `offset` places ahead, or nil past the end.
    func peek(_ offset: Int = 0) -> Unicode.Scalar? {
        position + offset < scalars.count ? scalars[position + offset] : nil
    }

    /// Copies `count` scalars to the output.
    mutating func copy(_ count: Int = 1) {
        let end = min(position + count, scalars.count)
        output.append(contentsOf: scalars[position..<end])
        position = end
    }

    /// How many `#` follow `position + offset`.
    func hashes(at offset: Int) -> Int {
        var k = 0
        while peek(offset + k) == "#" { k += 1 }
        return k
    }

    /// True for the scalars of identifiers, keywords and numbers: two of them separated by
    /// whitespace or a comment keep a space between them (`let x` is not `letx`).
    static func isWord(_ c: Unicode.Scalar) -> Bool {
        c == "_" || c == "$" || c.properties.isAlphabetic || c.properties.numericType != nil
    }

    /// The separator that whitespace and comments between the last output scalar and `next`
    /// leave: in Swift a space between two word scalars and nothing elsewhere; in C, where the
    /// preprocessor reads lines and `#define A (x)` is not `#define A(x)`, a newline when the
    /// run held one and a space otherwise.
    func separator(before next: Unicode.Scalar, sawNewline: Bool) -> Unicode.Scalar? {
        guard let last = output.last else { return nil }
        switch language {
        case .c: return sawNewline ? "\n" : " "
        case .swift: return Self.isWord(last) && Self.isWord(next) ? " " : nil
        }
    }

    /// Code outside literals. In an interpolation `\(…)` it stops after the `)` closing it.
    mutating func scanCode(inInterpolation: Bool) {
        var parenDepth = 0
        var pending = false, sawNewline = false
        while let c = peek() {
            let skipped = c.properties.isWhitespace || (c == "/" && (peek(1) == "/" || peek(1) == "*"))
            if pending, !skipped {
                if let separator = separator(before: c, sawNewline: sawNewline) { output.append(separator) }
                pending = false
                sawNewline = false
            }
            switch c {
            case "/" where peek(1) == "/":
                while let d = peek(), d != "\n" { position += 1 }
                pending = true
            case "/" where peek(1) == "*":
                skipBlockComment()
                pending = true
            case _ where c.properties.isWhitespace:
                if c == "\n" || c == "\r" { sawNewline = true }
                position += 1
                pending = true
            case "\"":
                scanString(hashes: 0)
            case "#" where language == .swift && peek(hashes(at: 0)) == "\"":
                scanString(hashes: hashes(at: 0))
            case "'" where language == .c:
                scanCharacterLiteral()
            case "(" where inInterpolation:
                parenDepth += 1
                copy()
            case ")" where inInterpolation:
                copy()
                if parenDepth == 0 { return }
                parenDepth -= 1
            default:
                copy()
            }
        }
    }

    /// Skips a block comment at `position`: nested in Swift, ending at the first `*/` in C.
    /// An unterminated comment runs to the end of the source.
    mutating func skipBlockComment() {
        var depth = 0
        while position < scalars.count {
            if peek() == "/" && peek(1) == "*" {
                depth += 1
                position += 2
            } else if peek() == "*" && peek(1) == "/" {
                depth -= 1
                position += 2
                if depth == 0 || language == .c { return }
            } else {
                position += 1
            }
        }
    }

    /// Copies a string literal opening at `position` (after `hashes` `#`s, one or three `"`),
    /// through its closing delimiter; the code of each interpolation is scanned as code.
    mutating func scanString(hashes: Int) {
        let multiline = language == .swift && peek(hashes) == "\"" && peek(hashes + 1) == "\""
            && peek(hashes + 2) == "\""
        let quotes = multiline ? 3 : 1
        copy(hashes + quotes)
        while let c = peek() {
            if c == "\\" && self.hashes(at: 1) >= hashes {
                copy(1 + hashes)
                if language == .swift && peek() == "(" {
                    copy()
                    scanCode(inInterpolation: true)
                } else {
                    copy()
                }
            } else if c == "\"" && closes(quotes: quotes, hashes: hashes) {
                copy(quotes + hashes)
                return
            } else if c == "\n" && !multiline {
                return
            } else {
                copy()
            }
        }
    }

    /// Whether `quotes` `"` and then `hashes` `#` start at `position`.
    func closes(quotes: Int, hashes: Int) -> Bool {
        (0..<quotes).allSatisfy { peek($0) == "\"" } && (0..<hashes).allSatisfy { peek(quotes + $0) == "#" }
    }

    /// Copies a C character literal `'…'` opening at `position`, through its closing `'`.
    mutating func scanCharacterLiteral() {
        copy()
        while let c = peek() {
            if c == "\\" {
                copy(2)
            } else if c == "'" {
                copy()
                return
            } else if c == "\n" {
                return
            } else {
                copy()
            }
        }
    }
}
