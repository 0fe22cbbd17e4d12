import Foundation
internal import GRDB

/// One run as stored (without metrics and series): identity, seeds, outcome, timing and
/// provenance. A row of table `runs`.
public struct RunRecord: Sendable, Equatable {
    /// The statuses a run may have.
    public static let statuses: Set<String> = ["ok", "diverged", "failed"]

    /// Hex SHA-256 run key (DESIGN.md "Seeds and run identity"); the run's identity, unique
    /// in a store (inside it, runs reference each other by an integer id).
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

/// A row of table `runs` (schema v4), read joined with its row of `points` (model, model
/// version, parameters); its provenance is a row of `provenances`.
struct RunRow: Decodable, FetchableRecord, MutablePersistableRecord {
    static let databaseTableName = "runs"

    /// The query every read of runs starts from: runs joined with their points.
    static let select = """
        SELECT runs.*, points.model, points.model_version, points.params_json
        FROM runs JOIN points ON points.id = runs.point_id
        """

    var id: Int64?
    var key: String
    var pointID: Int64
    var replicate: Int
    var instanceSeed: String
    var algorithmSeed: String
    var status: String
    var message: String?
    var startedAt: String
    var wallSeconds: Double
    var provenanceID: Int64
    /// Of the run's point.
    var model: String
    var modelVersion: Int
    var paramsJSON: String

    enum CodingKeys: String, CodingKey {
        case id, key, replicate, status, message, model
        case pointID = "point_id"
        case modelVersion = "model_version"
        case paramsJSON = "params_json"
        case instanceSeed = "instance_seed"
        case algorithmSeed = "algorithm_seed"
        case startedAt = "started_at"
        case wallSeconds = "wall_seconds"
        case provenanceID = "provenance_id"
    }

    /// The columns of table `runs`.
    func encode(to container: inout PersistenceContainer) {
        container["id"] = id
        container["key"] = key
        container["point_id"] = pointID
        container["replicate"] = replicate
        container["instance_seed"] = instanceSeed
        container["algorithm_seed"] = algorithmSeed
        container["status"] = status
        container["message"] = message
        container["started_at"] = startedAt
        container["wall_seconds"] = wallSeconds
        container["provenance_id"] = provenanceID
    }

    mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }

    /// The public record of this row, with its provenance row `provenance`.
    func record(provenance: ProvenanceRow) throws(CorruptValue) -> RunRecord {
        RunRecord(
            key: key, model: model, modelVersion: modelVersion, parametersJSON: paramsJSON,
            replicate: replicate,
            instanceSeed: try ValueEncoding.seed(instanceSeed, column: "instance_seed", runKey: key),
            algorithmSeed: try ValueEncoding.seed(algorithmSeed, column: "algorithm_seed", runKey: key),
            status: status, message: message,
            startedAt: try ValueEncoding.date(startedAt, column: "run \(key): started_at"),
            wallSeconds: wallSeconds,
            provenance: provenance.provenance, codeFingerprint: provenance.codeFingerprint)
    }
}

extension RunRow {
    /// The row of `run`, at point `pointID`, with provenance `provenanceID`.
    init(_ run: RunRecord, pointID: Int64, provenanceID: Int64) {
        self.init(id: nil, key: run.key, pointID: pointID, replicate: run.replicate,
                  instanceSeed: ValueEncoding.text(run.instanceSeed), algorithmSeed: ValueEncoding.text(run.algorithmSeed),
                  status: run.status, message: run.message, startedAt: ValueEncoding.text(run.startedAt),
                  wallSeconds: run.wallSeconds, provenanceID: provenanceID, model: run.model,
                  modelVersion: run.modelVersion, paramsJSON: run.parametersJSON)
    }
}

/// A row of table `provenances`: one combination of where and with what code runs were made,
/// shared by every run made so.
struct ProvenanceRow: Codable, FetchableRecord, MutablePersistableRecord, Hashable {
    static let databaseTableName = "provenances"

    var id: Int64?
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
        case id, host, os
        case reproVersion = "repro_version"
        case gitCommit = "git_commit"
        case gitDirty = "git_dirty"
        case gitDiffHash = "git_diff_hash"
        case blasConfig = "blas_config"
        case blasCore = "blas_core"
        case blasThreads = "blas_threads"
        case codeFingerprint = "code_fingerprint"
    }

    mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }

    /// The provenance it records.
    var provenance: Provenance {
        Provenance(reproVersion: reproVersion, gitCommit: gitCommit, gitDirty: gitDirty, host: host, os: os,
                   blasConfig: blasConfig, blasCore: blasCore, blasThreads: blasThreads, gitDiffHash: gitDiffHash)
    }

    /// This row without its id, to compare combinations.
    var combination: ProvenanceRow {
        var row = self
        row.id = nil
        return row
    }

    /// The id of the row holding `row`'s combination, inserting it when there is none.
    static func id(of row: ProvenanceRow, _ db: Database) throws -> Int64 {
        let existing = try Int64.fetchOne(db, sql: """
            SELECT id FROM provenances WHERE repro_version IS ? AND git_commit IS ? AND git_dirty IS ?
            AND git_diff_hash IS ? AND host IS ? AND os IS ? AND blas_config IS ? AND blas_core IS ?
            AND blas_threads IS ? AND code_fingerprint IS ? LIMIT 1
            """, arguments: [row.reproVersion, row.gitCommit, row.gitDirty, row.gitDiffHash, row.host, row.os,
                             row.blasConfig, row.blasCore, row.blasThreads, row.codeFingerprint])
        if let existing { return existing }
        var inserted = row.combination
        try inserted.insert(db)
        return inserted.id ?? db.lastInsertedRowID
    }

    /// Every provenance row of `db`, by id.
    static func all(_ db: Database) throws -> [Int64: ProvenanceRow] {
        var rows: [Int64: ProvenanceRow] = [:]
        for row in try ProvenanceRow.fetchAll(db) { if let id = row.id { rows[id] = row } }
        return rows
    }
}

extension ProvenanceRow {
    /// The row of `run`'s provenance and code fingerprint (no id yet).
    init(_ run: RunRecord) {
        let p = run.provenance
        id = nil
        reproVersion = p.reproVersion
        gitCommit = p.gitCommit
        gitDirty = p.gitDirty
        gitDiffHash = p.gitDiffHash
        host = p.host
        os = p.os
        blasConfig = p.blasConfig
        blasCore = p.blasCore
        blasThreads = p.blasThreads
        codeFingerprint = run.codeFingerprint
    }
}
