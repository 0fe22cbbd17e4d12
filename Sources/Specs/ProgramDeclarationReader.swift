import ExperimentKit
import Foundation

/// Reads a model program's declaration file (`<folder>/models/<name>.yaml`, docs/model-programs.md)
/// into a `ProgramDeclaration`: `command` (the argv, a non-empty list of strings), `directory`
/// (the working directory, relative to the file's folder), `code` (the files whose content is
/// the program's code, each of which must exist) and `timeout` (seconds per run). Every problem
/// is a `SpecError` naming the file, line, column and key.
public enum ProgramDeclarationReader {
    /// The keys of a declaration.
    public static let keys = ["command", "directory", "code", "timeout"]
    /// The timeout of a run when the declaration gives none, in seconds.
    public static let defaultTimeout = 600.0

    /// The declaration in the file at `path`; the model's name is the file's name without `.yaml`.
    public static func read(path: String) throws(SpecError) -> ProgramDeclaration {
        let bytes = try SpecFile.read(path)
        let text = try SpecFile.decode(bytes, path: path)
        let reader = NodeReader(file: path)
        let root = try YAMLDocument.compose(text.hasPrefix("\u{FEFF}") ? String(text.dropFirst()) : text, file: path)
        let top = try reader.entries(root, "")
        try reader.rejectUnknown(top, allowed: keys, "")
        let url = URL(fileURLWithPath: path)
        let name = url.deletingPathExtension().lastPathComponent
        guard !name.isEmpty, name.unicodeScalars.allSatisfy(SpecLoader.isIDCharacter) else {
            throw SpecError(file: path, line: 0, column: 0, keyPath: "",
                            message: "the file name gives the model's name, which must be of a-z, 0-9, '.', '_' and '-'")
        }
        let folder = url.deletingLastPathComponent().standardizedFileURL

        guard let commandEntry = top.first(where: { $0.name == "command" }) else {
            throw reader.error(root, "command", "missing required key (the program's argv, a list of strings)")
        }
        let commandNodes = try reader.sequence(commandEntry.value, "command", expecting: "a list of strings (the argv)")
        guard !commandNodes.isEmpty else { throw reader.error(commandEntry.value, "command", "expected at least the program to start") }
        var arguments: [String] = []
        for (i, node) in commandNodes.enumerated() {
            let argument = try reader.string(node, "command[\(i)]")
            if i == 0, argument.isEmpty { throw reader.error(node, "command[0]", "expected the program to start") }
            arguments.append(argument)
        }

        var directory = folder
        if let entry = top.first(where: { $0.name == "directory" && !reader.isNull($0.value) }) {
            let text = try reader.string(entry.value, "directory")
            directory = URL(fileURLWithPath: text, relativeTo: folder).standardizedFileURL
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: directory.path, isDirectory: &isDirectory), isDirectory.boolValue else {
                throw reader.error(entry.value, "directory", "no directory at \(directory.path)")
            }
        }

        guard let codeEntry = top.first(where: { $0.name == "code" }) else {
            throw reader.error(root, "code", "missing required key (the files whose content is the program's code)")
        }
        let codeNodes = try reader.sequence(codeEntry.value, "code", expecting: "a list of file paths")
        guard !codeNodes.isEmpty else { throw reader.error(codeEntry.value, "code", "expected at least one file") }
        var codeFiles: [String] = []
        var hashed: [UInt8] = []
        for (i, node) in codeNodes.enumerated() {
            let text = try reader.string(node, "code[\(i)]")
            let file = URL(fileURLWithPath: text, relativeTo: folder).standardizedFileURL
            guard let data = FileManager.default.contents(atPath: file.path) else {
                throw reader.error(node, "code[\(i)]", "cannot read the code file \(file.path)")
            }
            codeFiles.append(file.path)
            hashed += Array(text.utf8) + [0] + Array(data) + [0]
        }

        var timeout = defaultTimeout
        if let entry = top.first(where: { $0.name == "timeout" && !reader.isNull($0.value) }) {
            timeout = try reader.number(entry.value, "timeout")
            guard timeout > 0 else { throw reader.error(entry.value, "timeout", "expected seconds > 0, got \(timeout)") }
        }
        return ProgramDeclaration(name: name, path: path, arguments: arguments, workingDirectory: directory.path,
                                  codeFiles: codeFiles, timeoutSeconds: timeout,
                                  codeFingerprint: RunIdentity.sha256Hex(hashed))
    }

    /// The declaration files of `folder/models/` (`*.yaml`), sorted; none when there is no such folder.
    public static func declarations(besideSpecsIn folder: String) -> [String] {
        let models = URL(fileURLWithPath: folder).appendingPathComponent("models")
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: models.path) else { return [] }
        return names.filter { $0.hasSuffix(".yaml") }.sorted().map { models.appendingPathComponent($0).path }
    }
}
