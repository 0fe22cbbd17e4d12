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

extension Console {
    /// Writes `lines` one after the other to `path` (through a temporary file renamed at the
    /// end, so a reader never sees half a file), or to stdout when `path` is nil.
    static func emit(lines: some Sequence<String>, to path: String?) throws(CLIError) {
        guard let path else {
            var chunk = ""
            for line in lines {
                chunk += line
                if chunk.utf8.count >= 1 << 20 {
                    out(chunk)
                    chunk = ""
                }
            }
            out(chunk)
            return
        }
        let url = URL(fileURLWithPath: path)
        let partial = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).partial")
        do {
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            guard FileManager.default.createFile(atPath: partial.path, contents: nil) else {
                throw CLIError("\(path): cannot write: cannot create \(partial.path)")
            }
            let handle = try FileHandle(forWritingTo: partial)
            defer { try? handle.close() }
            var buffer = Data()
            for line in lines {
                buffer.append(contentsOf: line.utf8)
                if buffer.count >= 1 << 20 {
                    try handle.write(contentsOf: buffer)
                    buffer.removeAll(keepingCapacity: true)
                }
            }
            try handle.write(contentsOf: buffer)
            try handle.synchronize()
            guard rename(partial.path, url.path) == 0 else {
                throw CLIError("\(path): cannot write: \(String(cString: strerror(errno)))")
            }
        } catch {
            try? FileManager.default.removeItem(at: partial)
            if let error = error as? CLIError { throw error }
            throw CLIError("\(path): cannot write: \(error.localizedDescription)")
        }
    }
}

/// A bad-input error of the command line, printed as one line with exit code 2.
struct CLIError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
