import Foundation
internal import GRDB

/// One run as stored (without metrics and series): identity, seeds, outcome, timing and
/// provenance. A row of table `runs`.
public struct RunRecord: Sendable, Equatable {
    /// The statuses a run may have.
    public static let statuses: Set<String> = ["ok", "diverged", "failed"]

    /// Hex SHA-256 run key (DESIGN.md "Seeds and run identity"); the primary key.
    public var key: String
    /// Model name, as registered (e.g. `robust-recovery`).
    public var model: String
    /// Model version that went into the run key.
    public var modelVersion: Int
    /// Canonical JSON of all parameters (sorted keys).
    public var parametersJSON: String
    /// Replicate index, 0-based.
    public var replicate: Int
    /// Seed of the problem instance (ground truth, measurements); stored exactly.
    public var instanceSeed: UInt64
    /// Seed of the algorithm (initialization, sampling); stored exactly.
    public var algorithmSeed: UInt64
    /// `"ok"`, `"diverged"` or `"failed"`.
    public var status: String
    /// Error or divergence message, if any.
    public var message: String?
    /// When the run started (for a run of a batch, when the batch started); stored to the
    /// millisecond (UTC), so it reads back rounded to it.
    public var startedAt: Date
    /// Wall-clock duration of the run, in seconds. A run of a batch (sweep points advanced
    /// together) gets the batch's wall time divided by its size, so durations add up.
    public var wallSeconds: Double
    /// Who, where and with which BLAS the run was executed.
    public var provenance: Provenance
    /// Hex SHA-256 of the code that produced the run (`ModelSchema.codeFingerprint`); nil for
    /// a run stored before fingerprints were kept, or by a model that has none.
    public var codeFingerprint: String?

    /// Creates a run record.
    public init(
        key: String, model: String, modelVersion: Int, parametersJSON: String, replicate: Int,
        instanceSeed: UInt64, algorithmSeed: UInt64, status: String, message: String?,
        startedAt: Date, wallSeconds: Double, provenance: Provenance, codeFingerprint: String? = nil
    ) {
        self.key = key
        self.model = model
        self.modelVersion = modelVersion
        self.parametersJSON = parametersJSON
        self.replicate = replicate
        self.instanceSeed = instanceSeed
        self.algorithmSeed = algorithmSeed
        self.status = status
        self.message = message
        self.startedAt = startedAt
        self.wallSeconds = wallSeconds
        self.provenance = provenance
        self.codeFingerprint = codeFingerprint
    }
}

/// A row of table `runs`, column for column.
struct RunRow: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "runs"

    var key: String
    var model: String
    var modelVersion: Int
    var paramsJSON: String
    var replicate: Int
    var instanceSeed: String
    var algorithmSeed: String
    var status: String
    var message: String?
    var startedAt: String
    var wallSeconds: Double
    var reproVersion: String
    var gitCommit: String?
    var gitDirty: Bool?
    var gitDiffHash: String?
    var host: String
    var os: String
    var blasConfig: String
    var blasCore: String
    var blasThreads: Int
    var codeFingerprint: String?

    enum CodingKeys: String, CodingKey {
        case key, model, replicate, status, message, host, os
        case modelVersion = "model_version"
        case paramsJSON = "params_json"
        case instanceSeed = "instance_seed"
        case algorithmSeed = "algorithm_seed"
        case startedAt = "started_at"
        case wallSeconds = "wall_seconds"
        case reproVersion = "repro_version"
        case gitCommit = "git_commit"
        case gitDirty = "git_dirty"
        case gitDiffHash = "git_diff_hash"
        case blasConfig = "blas_config"
        case blasCore = "blas_core"
        case blasThreads = "blas_threads"
        case codeFingerprint = "code_fingerprint"
    }

    init(_ run: RunRecord) {
        key = run.key
        model = run.model
        modelVersion = run.modelVersion
        paramsJSON = run.parametersJSON
        replicate = run.replicate
        instanceSeed = ValueEncoding.text(run.instanceSeed)
        algorithmSeed = ValueEncoding.text(run.algorithmSeed)
        status = run.status
        message = run.message
        startedAt = ValueEncoding.text(run.startedAt)
        wallSeconds = run.wallSeconds
        reproVersion = run.provenance.reproVersion
        gitCommit = run.provenance.gitCommit
        gitDirty = run.provenance.gitDirty
        gitDiffHash = run.provenance.gitDiffHash
        host = run.provenance.host
        os = run.provenance.os
        blasConfig = run.provenance.blasConfig
        blasCore = run.provenance.blasCore
        blasThreads = run.provenance.blasThreads
        codeFingerprint = run.codeFingerprint
    }

    /// The public record of this row.
    func record() throws(CorruptValue) -> RunRecord {
        RunRecord(
            key: key, model: model, modelVersion: modelVersion, parametersJSON: paramsJSON,
            replicate: replicate,
            instanceSeed: try ValueEncoding.seed(instanceSeed, column: "instance_seed", runKey: key),
            algorithmSeed: try ValueEncoding.seed(algorithmSeed, column: "algorithm_seed", runKey: key),
            status: status, message: message,
            startedAt: try ValueEncoding.date(startedAt, column: "run \(key): started_at"),
            wallSeconds: wallSeconds,
            provenance: Provenance(
                reproVersion: reproVersion, gitCommit: gitCommit, gitDirty: gitDirty, host: host, os: os,
                blasConfig: blasConfig, blasCore: blasCore, blasThreads: blasThreads, gitDiffHash: gitDiffHash),
            codeFingerprint: codeFingerprint)
    }
}
