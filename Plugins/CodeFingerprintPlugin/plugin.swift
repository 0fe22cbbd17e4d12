import Foundation
import PackagePlugin

/// Generates `CodeFingerprint.swift` for a model target: `let codeFingerprint = "<hex>"`, the
/// `CodeFingerprint.digest` of the target's sources and those of the targets of this package it
/// depends on, recursively (DESIGN.md "Seeds and run identity"). Every one of those files is an
/// input of the build command, so any edit reruns it; the file is compiled into the target.
@main
struct CodeFingerprintPlugin: BuildToolPlugin {
    /// The build command computing the fingerprint of `target`.
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        let ownTargets = Set(context.package.targets.map(\.id))
        let modules = ([target] + target.recursiveTargetDependencies)
            .filter { ownTargets.contains($0.id) }
            .compactMap(\.sourceModule)
        let listed = modules
            .flatMap { module in module.sourceFiles.filter { $0.type == .source || $0.type == .header } }
            .map(\.url)
        // A C target's `sourceFiles` lists its `.c` files but not its headers: take the `.h` files
        // of its public headers directory and of the directories holding its sources.
        let headers = modules.compactMap { $0 as? ClangSourceModuleTarget }
            .flatMap { module in
                [module.publicHeadersDirectoryURL].compactMap { $0 }
                    + module.sourceFiles.filter { $0.type == .source }.map { $0.url.deletingLastPathComponent() }
            }
            .flatMap(headerFiles(in:))
        let inputs = Dictionary((listed + headers).map { ($0.standardizedFileURL.path, $0) }, uniquingKeysWith: { a, _ in a })
            .sorted { $0.key < $1.key }
            .map(\.value)
        let output = context.pluginWorkDirectoryURL.appending(path: "CodeFingerprint.swift")
        let sourcesRoot = context.package.directoryURL.appending(path: "Sources")
        return [
            .buildCommand(
                displayName: "Computing the code fingerprint of \(target.name)",
                executable: try context.tool(named: "repro-fingerprint").url,
                arguments: [output.path, sourcesRoot.path] + inputs.map(\.path),
                inputFiles: inputs,
                outputFiles: [output]),
        ]
    }
}

/// The `.h` files under `directory`, recursively.
private func headerFiles(in directory: URL) -> [URL] {
    guard let enumerator = FileManager.default.enumerator(at: directory, includingPropertiesForKeys: nil) else { return [] }
    return enumerator.compactMap { $0 as? URL }.filter { $0.pathExtension == "h" }
}
