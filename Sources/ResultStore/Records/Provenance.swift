/// Provenance of a run: which build of repro, on which machine and BLAS, produced it.
///
/// Provenance is not identity: the same run key computed on two machines is the same run.
public struct Provenance: Sendable, Codable, Equatable {
    /// Version of repro that executed the run.
    public var reproVersion: String
    /// Git commit of the repro checkout, when known.
    public var gitCommit: String?
    /// Whether the checkout had uncommitted changes, when known.
    public var gitDirty: Bool?
    /// Hex SHA-256 of `git diff HEAD` (the uncommitted changes to tracked files) when the
    /// checkout was dirty; nil when clean or unknown.
    public var gitDiffHash: String?
    /// Host name of the machine.
    public var host: String
    /// Operating system name and version.
    public var os: String
    /// `openblas_get_config()` of the BLAS library.
    public var blasConfig: String
    /// CPU kernel BLAS selected (e.g. `Haswell`, `SkylakeX`).
    public var blasCore: String
    /// Number of BLAS threads the run used.
    public var blasThreads: Int

    /// Creates a provenance record.
    public init(
        reproVersion: String, gitCommit: String?, gitDirty: Bool?, host: String, os: String,
        blasConfig: String, blasCore: String, blasThreads: Int, gitDiffHash: String? = nil
    ) {
        self.gitDiffHash = gitDiffHash
        self.reproVersion = reproVersion
        self.gitCommit = gitCommit
        self.gitDirty = gitDirty
        self.host = host
        self.os = os
        self.blasConfig = blasConfig
        self.blasCore = blasCore
        self.blasThreads = blasThreads
    }
}
