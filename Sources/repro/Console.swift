import Foundation

/// Output streams: results on stdout, diagnostics on stderr.
enum Console {
    /// Writes `text` to stdout as is.
    static func out(_ text: String) {
        FileHandle.standardOutput.write(Data(text.utf8))
    }

    /// Writes one diagnostic line to stderr, prefixed with `repro: `; line breaks inside
    /// `line` become `; ` so that the diagnostic stays one line.
    static func error(_ line: String) {
        let pieces = line.split(whereSeparator: { $0 == "\n" || $0 == "\r" || $0 == "\r\n" })
            .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        FileHandle.standardError.write(Data(("repro: " + pieces.joined(separator: "; ") + "\n").utf8))
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
