import Foundation

/// Output streams: results on stdout, diagnostics on stderr.
enum Console {
    /// Writes `text` to stdout as is.
    static func out(_ text: String) {
        FileHandle.standardOutput.write(Data(text.utf8))
    }

    /// Writes one diagnostic line to stderr, prefixed with `repro: `.
    static func error(_ line: String) {
        FileHandle.standardError.write(Data(("repro: " + line + "\n").utf8))
    }

    /// Writes `text` to `path` (creating its directory) or to stdout when `path` is nil.
    static func emit(_ text: String, to path: String?) throws(CLIError) {
        guard let path else { return out(text) }
        let url = URL(fileURLWithPath: path)
        do {
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url, options: .atomic)
        } catch {
            throw CLIError("\(path): cannot write: \(error.localizedDescription)")
        }
    }
}

/// A bad-input error of the command line, printed as one line with exit code 2.
struct CLIError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
