import Foundation
import GRDB
import ResultStore

/// A fresh temporary directory, removed when the value is released.
final class TemporaryDirectory {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory
            .appendingPathComponent("ResultStoreTests-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit {
        try? FileManager.default.removeItem(at: url)
    }

    /// A path inside the directory.
    func path(_ name: String) -> String {
        url.appendingPathComponent(name).path
    }
}

/// Test fixtures.
enum Fixture {
    static let provenance = Provenance(
        reproVersion: "0.1.0", gitCommit: "ce308e7", gitDirty: false, host: "node-1",
        os: "Debian 12", blasConfig: "OpenBLAS 0.3.21 DYNAMIC_ARCH", blasCore: "Haswell", blasThreads: 1)

    /// A hex key of 64 digits whose first digits are `prefix`.
    static func key(_ prefix: String) -> String {
        prefix + String(repeating: "0", count: 64 - prefix.count)
    }

    static func run(
        key: String, replicate: Int = 0, parameters: String = #"{"d":20,"p":0.2}"#, status: String = "ok"
    ) -> RunRecord {
        RunRecord(
            key: key, model: "robust-recovery", modelVersion: 1, parametersJSON: parameters,
            replicate: replicate, instanceSeed: 0x8000_0000_0000_0001, algorithmSeed: UInt64.max,
            status: status, message: status == "ok" ? nil : "step \(replicate): NaN",
            startedAt: Date(timeIntervalSince1970: 1_763_800_000.125), wallSeconds: 1.5,
            provenance: provenance)
    }

    static func spec(_ id: String, registeredAt: Date = Date(timeIntervalSince1970: 1_763_800_000.5)) -> SpecRecord {
        SpecRecord(
            id: id, path: "experiments/ma2022/\(id).yaml", contentHash: "abc123", title: "Title of \(id)",
            paper: "ma2022", model: "robust-recovery", registeredAt: registeredAt)
    }

    /// Number of rows of `table` that concern run `key` (column `key` of runs, `run_id` of the
    /// others; a row whose run id has no run counts too).
    static func rowCount(_ path: String, table: String, key: String) throws -> Int {
        let queue = try DatabaseQueue(path: path)
        return try queue.read { db in
            if table == "runs" {
                return try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM runs WHERE key = ?", arguments: [key]) ?? -1
            }
            return try Int.fetchOne(db, sql: """
                SELECT COUNT(*) FROM \(table) WHERE run_id IN (SELECT id FROM runs WHERE key = ?)
                OR run_id NOT IN (SELECT id FROM runs)
                """, arguments: [key]) ?? -1
        }
    }

    /// Rows of `key` in runs, metrics, series and spec_runs.
    static func traces(_ path: String, key: String) throws -> [String: Int] {
        var counts: [String: Int] = [:]
        for table in ["runs", "metrics", "series", "spec_runs"] {
            counts[table] = try rowCount(path, table: table, key: key)
        }
        return counts
    }
}

extension Fixture {
    /// The text values of the first column of `sql`.
    static func column(_ path: String, sql: String) throws -> [String] {
        let queue = try DatabaseQueue(path: path)
        return try queue.read { db in try String.fetchAll(db, sql: sql) }
    }
}
