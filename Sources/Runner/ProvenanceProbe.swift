import ExperimentKit
import Foundation
import NumericsCore
import ResultStore

/// Collects the provenance recorded with every run: repro version, git commit and dirty
/// flag of the working directory (with a hash of the uncommitted diff when dirty), host, OS
/// and the BLAS library's configuration.
public enum ProvenanceProbe {
    /// The version of this build of repro.
    public static let reproVersion = "0.1.0"

    /// Reads the provenance of the current process. Git fields are `nil` outside a checkout
    /// or without git. Dirty means uncommitted changes to tracked files (untracked files,
    /// such as `results/`, do not count); the diff hash is the hex SHA-256 of `git diff HEAD`.
    public static func current(directory: String = FileManager.default.currentDirectoryPath) -> Provenance {
        let commit = git(["rev-parse", "HEAD"], in: directory).map(trimmed)
        let dirty = commit == nil ? nil : git(["status", "--porcelain", "--untracked-files=no"], in: directory)
            .map { !trimmed($0).isEmpty }
        let diffHash = dirty == true
            ? git(["diff", "HEAD", "--no-color", "--no-ext-diff"], in: directory).map { RunIdentity.sha256Hex(Array($0)) }
            : nil
        return Provenance(
            reproVersion: reproVersion,
            gitCommit: commit,
            gitDirty: dirty,
            host: ProcessInfo.processInfo.hostName,
            os: ProcessInfo.processInfo.operatingSystemVersionString,
            blasConfig: BLASRuntime.config,
            blasCore: BLASRuntime.coreName,
            blasThreads: BLASRuntime.threads,
            gitDiffHash: diffHash)
    }

    /// Output of `git ARGS` in `directory`, or nil when git fails.
    static func git(_ arguments: [String], in directory: String) -> Data? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git", "-C", directory] + arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        do { try process.run() } catch { return nil }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { return nil }
        return data
    }

    private static func trimmed(_ data: Data) -> String {
        String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
