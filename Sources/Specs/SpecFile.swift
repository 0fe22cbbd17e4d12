import Foundation

/// Reads a spec file's bytes and decodes them as UTF-8, with one-line errors. Errors about
/// the whole file (missing, a directory, unreadable, too large) have no position (line 0);
/// a byte that is not UTF-8 is reported at its line and column.
enum SpecFile {
    /// The largest spec file read, in bytes (1 MiB; the papers' specs are a few KB). A larger
    /// file is refused before it is read, so that a huge file cannot exhaust memory or time.
    static let maximumSize = 1 << 20

    /// The bytes of the file at `path`.
    static func read(_ path: String) throws(SpecError) -> [UInt8] {
        func fail(_ message: String) -> SpecError {
            SpecError(file: path, line: 0, column: 0, keyPath: "", message: message)
        }
        let files = FileManager.default
        var isDirectory: ObjCBool = false
        guard files.fileExists(atPath: path, isDirectory: &isDirectory) else { throw fail("file not found") }
        guard !isDirectory.boolValue else { throw fail("is a directory, not a spec file") }
        guard files.isReadableFile(atPath: path) else { throw fail("cannot read the file (permission denied)") }
        if let size = (try? files.attributesOfItem(atPath: path))?[.size] as? NSNumber, size.intValue > maximumSize {
            throw fail(tooLarge(size.intValue))
        }
        let data: Data
        do {
            let handle = try FileHandle(forReadingFrom: URL(fileURLWithPath: path))
            defer { try? handle.close() }
            data = try handle.read(upToCount: maximumSize + 1) ?? Data()
        } catch {
            throw fail("cannot read the file: \(error.localizedDescription)")
        }
        // A file that grew, or a device or pipe that reports no size, is refused the same way.
        guard data.count <= maximumSize else { throw fail(tooLarge(data.count)) }
        return Array(data)
    }

    /// The message for a file of `bytes` bytes above `maximumSize`.
    static func tooLarge(_ bytes: Int) -> String {
        "the file has \(bytes) bytes, more than the \(maximumSize) (1 MiB) a spec may have; is it a spec?"
    }

    /// `bytes` as text; throws at the first byte that is not valid UTF-8, at its line and
    /// column (in Unicode scalars, like every other position).
    static func decode(_ bytes: [UInt8], path: String) throws(SpecError) -> String {
        var parser = Unicode.UTF8.ForwardParser()
        var iterator = bytes.makeIterator()
        var offset = 0
        var line = 1, column = 1
        while true {
            switch parser.parseScalar(from: &iterator) {
            case .valid(let scalar):
                offset += scalar.count
                if scalar.count == 1, scalar.first == 0x0A {
                    line += 1
                    column = 1
                } else {
                    column += 1
                }
            case .emptyInput:
                return String(decoding: bytes, as: UTF8.self)
            case .error:
                let byte = bytes.indices.contains(offset) ? String(bytes[offset], radix: 16, uppercase: true) : "?"
                throw SpecError(file: path, line: line, column: column, keyPath: "",
                                message: "not UTF-8 text (byte 0x\(byte) at offset \(offset)); save the file as UTF-8")
            }
        }
    }
}
