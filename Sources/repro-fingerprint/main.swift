// repro-fingerprint OUTPUT.swift SOURCES_ROOT FILE…
//
// Build tool run by CodeFingerprintPlugin: writes OUTPUT.swift declaring `codeFingerprint`, the
// `CodeFingerprint.digest` of FILE… named by their paths relative to SOURCES_ROOT. OUTPUT is
// rewritten only when its content changes. Errors: one line on stderr, exit 1.
import CodeFingerprint
import Foundation

/// Why the fingerprint could not be written, as one line.
enum FingerprintToolError: Error, CustomStringConvertible {
    /// Fewer than three arguments.
    case usage
    /// A source file outside SOURCES_ROOT.
    case outsideRoot(file: String, root: String)
    /// A source file that could not be read as UTF-8.
    case unreadable(file: String, reason: String)
    /// OUTPUT could not be written.
    case unwritable(file: String, reason: String)

    var description: String {
        switch self {
        case .usage:
            return "usage: repro-fingerprint OUTPUT.swift SOURCES_ROOT FILE…"
        case let .outsideRoot(file, root):
            return "\(file) is not inside \(root)"
        case let .unreadable(file, reason):
            return "cannot read \(file): \(reason)"
        case let .unwritable(file, reason):
            return "cannot write \(file): \(reason)"
        }
    }
}

/// The absolute path of `path` with `.`, `..` and symbolic links resolved.
func resolvedPath(_ path: String) -> String {
    URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath().path
}

/// The Swift source declaring `fingerprint`.
func generatedSource(fingerprint: String) -> String {
    """
    /// Hex SHA-256 of this model's sources and the package code it uses, without comments and \
    whitespace (`CodeFingerprint.digest`); generated at build time by repro-fingerprint.
    let codeFingerprint = "\(fingerprint)"

    """
}

/// Computes the fingerprint of the files in `arguments` and writes OUTPUT if it changed.
func run(_ arguments: [String]) throws(FingerprintToolError) {
    guard arguments.count >= 3 else { throw .usage }
    let output = arguments[0]
    let root = resolvedPath(arguments[1])
    let prefix = root.hasSuffix("/") ? root : root + "/"
    var files: [(name: String, text: String)] = []
    for file in arguments.dropFirst(2) {
        let path = resolvedPath(file)
        guard path.hasPrefix(prefix) else { throw .outsideRoot(file: file, root: arguments[1]) }
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw .unreadable(file: file, reason: error.localizedDescription)
        }
        files.append((name: String(path.dropFirst(prefix.count)), text: text))
    }
    let source = generatedSource(fingerprint: CodeFingerprint.digest(files: files))
    if let existing = try? String(contentsOfFile: output, encoding: .utf8), existing == source { return }
    do {
        try source.write(toFile: output, atomically: true, encoding: .utf8)
    } catch {
        throw .unwritable(file: output, reason: error.localizedDescription)
    }
}

do {
    try run(Array(CommandLine.arguments.dropFirst()))
} catch {
    FileHandle.standardError.write(Data("repro-fingerprint: \(error)\n".utf8))
    exit(1)
}
