import Foundation

/// Reads a spec file's bytes and decodes them as UTF-8, with one-line errors (line 0).
enum SpecFile {
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
        do {
            return Array(try Data(contentsOf: URL(fileURLWithPath: path)))
        } catch {
            throw fail("cannot read the file: \(error.localizedDescription)")
        }
    }

    /// `bytes` as text; throws at the first byte that is not valid UTF-8.
    static func decode(_ bytes: [UInt8], path: String) throws(SpecError) -> String {
        var parser = Unicode.UTF8.ForwardParser()
        var iterator = bytes.makeIterator()
        var offset = 0
        while true {
            switch parser.parseScalar(from: &iterator) {
            case .valid(let scalar):
                offset += scalar.count
            case .emptyInput:
                return String(decoding: bytes, as: UTF8.self)
            case .error:
                let line = 1 + bytes.prefix(offset).count(where: { $0 == 0x0A })
                let byte = bytes.indices.contains(offset) ? String(bytes[offset], radix: 16, uppercase: true) : "?"
                throw SpecError(file: path, line: 0, column: 0, keyPath: "",
                                message: "not UTF-8 text (byte 0x\(byte) at offset \(offset), line \(line))")
            }
        }
    }
}
