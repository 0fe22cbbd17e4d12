import Foundation
internal import GRDB

extension ResultStore {
    /// The keys among `keys` that have a stored run.
    public func existingRunKeys(among keys: [String]) throws(StoreError) -> Set<String> {
        try read("looking up run keys") { db in try Self.storedKeys(db, among: keys) }
    }

    /// The runs that belong to spec `specID`, with their metrics, ordered by
    /// (parametersJSON, replicate).
    public func runs(specID: String) throws(StoreError) -> [StoredRun] {
        try read("reading runs of spec \(specID)") { db in
            let rows = try RunRow.fetchAll(db, sql: """
                \(RunRow.select) JOIN spec_runs ON spec_runs.run_id = runs.id
                WHERE spec_runs.spec_id = ?
                ORDER BY points.params_json, runs.replicate, runs.key
                """, arguments: [specID])
            let metrics = try Self.metrics(db, sql: """
                SELECT metrics.run_id, metrics.name_ids, metrics."values"
                FROM metrics JOIN spec_runs ON spec_runs.run_id = metrics.run_id WHERE spec_runs.spec_id = ?
                """, arguments: [specID])
            return try Self.storedRuns(rows, metrics: metrics, db)
        }
    }

    /// The stored runs among `keys` (of any spec), with their metrics, ordered by
    /// (parametersJSON, replicate); keys without a run are skipped.
    public func runs(keys: [String]) throws(StoreError) -> [StoredRun] {
        try read("reading runs") { db in
            var rows: [RunRow] = []
            for chunk in Self.chunks(of: Array(Set(keys))) {
                rows += try RunRow.fetchAll(
                    db, sql: "\(RunRow.select) WHERE runs.key IN (\(Self.placeholders(chunk.count)))",
                    arguments: StatementArguments(chunk))
            }
            rows.sort { ($0.paramsJSON, $0.replicate, $0.key) < ($1.paramsJSON, $1.replicate, $1.key) }
            return try Self.storedRuns(rows, metrics: try Self.metrics(db, runIDs: rows.compactMap(\.id)), db)
        }
    }

    /// The runs whose key starts with the hexadecimal `prefix` (case-insensitive; "" matches
    /// every run), with their metrics, ordered by key; for `repro show`. Throws `invalidInput`
    /// if `prefix` is not hexadecimal.
    public func runs(keyPrefix prefix: String) throws(StoreError) -> [StoredRun] {
        let prefix = prefix.lowercased()
        guard prefix.unicodeScalars.allSatisfy({ "0123456789abcdef".unicodeScalars.contains($0) }) else {
            throw StoreError.invalidInput(path: path, message: "run key prefix '\(prefix)' is not hexadecimal")
        }
        // Every key that starts with a prefix lies in [prefix, prefix + U+FFFF): a range of the
        // key's index.
        return try read("reading runs with key prefix \(prefix)") { db in
            let rows = prefix.isEmpty
                ? try RunRow.fetchAll(db, sql: "\(RunRow.select) ORDER BY runs.key")
                : try RunRow.fetchAll(db, sql: """
                    \(RunRow.select) WHERE runs.key >= ? AND runs.key < ? AND substr(runs.key, 1, ?) = ? ORDER BY runs.key
                    """, arguments: [prefix, prefix + "\u{FFFF}", prefix.utf8.count, prefix])
            return try Self.storedRuns(rows, metrics: try Self.metrics(db, runIDs: rows.compactMap(\.id)), db)
        }
    }

    /// Series `name` of run `runKey`, ordered by step, or nil if the run has no such series.
    public func series(runKey: String, name: String) throws(StoreError) -> SeriesData? {
        try read("reading series \(name) of run \(runKey)") { db in
            let row = try Row.fetchOne(db, sql: """
                SELECT s.first_step, s.step_stride, s.last_step, s.steps, s."values"
                FROM series s JOIN runs r ON r.id = s.run_id JOIN names n ON n.id = s.name_id
                WHERE r.key = ? AND n.name = ?
                """, arguments: [runKey, name])
            guard let row else { return nil }
            let packed = try PackedSeries(row: row, from: 0)
            let (steps, values) = try packed.unpacked()
            return steps.isEmpty ? nil : SeriesData(name: name, steps: steps, values: values)
        }
    }

    /// Names of the series stored for run `runKey`, sorted.
    public func seriesNames(runKey: String) throws(StoreError) -> [String] {
        try read("reading series names of run \(runKey)") { db in
            try String.fetchAll(db, sql: """
                SELECT n.name FROM series s JOIN runs r ON r.id = s.run_id JOIN names n ON n.id = s.name_id
                WHERE r.key = ? ORDER BY n.name
                """, arguments: [runKey])
        }
    }

    /// The registered spec `id`, or nil.
    public func spec(id: String) throws(StoreError) -> SpecRecord? {
        try read("reading spec \(id)") { db in
            try SpecRow.fetchOne(db, key: id)?.record()
        }
    }

    /// All registered specs with their run counts by status, ordered by id.
    public func specSummaries() throws(StoreError) -> [SpecSummary] {
        try read("reading specs") { db in
            let specs = try SpecRow.fetchAll(db, sql: "SELECT * FROM specs ORDER BY id")
            var counts: [String: [String: Int]] = [:]
            let rows = try Row.fetchCursor(db, sql: """
                SELECT spec_runs.spec_id, runs.status, COUNT(*)
                FROM spec_runs JOIN runs ON runs.id = spec_runs.run_id
                GROUP BY spec_runs.spec_id, runs.status
                """)
            while let row = try rows.next() {
                let spec = try row.decode(String.self, atIndex: 0)
                counts[spec, default: [:]][try row.decode(String.self, atIndex: 1)] = try row.decode(Int.self, atIndex: 2)
            }
            return try specs.map { SpecSummary(spec: try $0.record(), runCounts: counts[$0.id] ?? [:]) }
        }
    }

    /// The plan spec `specID` was last run with, or nil when it was never run (or only by a
    /// build that did not keep plans).
    public func lastPlan(specID: String) throws(StoreError) -> SpecPlanRecord? {
        try read("reading the last plan of spec \(specID)") { db in
            try SpecPlanRow.fetchOne(db, key: specID)?.record()
        }
    }

    /// The claim results of spec `specID`, in the order they were saved.
    public func claimResults(specID: String) throws(StoreError) -> [ClaimResultRecord] {
        try read("reading claim results of spec \(specID)") { db in
            try ClaimResultRow.fetchAll(
                db, sql: "SELECT * FROM claim_results WHERE spec_id = ? ORDER BY position, claim_id",
                arguments: [specID]
            ).map { try $0.record() }
        }
    }

    /// The result of SQLite's `PRAGMA integrity_check`: `["ok"]` for a sound file, else one
    /// line per problem found.
    public func integrityCheck() throws(StoreError) -> [String] {
        try read("checking integrity") { db in try String.fetchAll(db, sql: "PRAGMA integrity_check") }
    }

    /// The number of stored runs.
    public func runCount() throws(StoreError) -> Int {
        try read("counting runs") { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM runs") ?? 0 }
    }

    // MARK: - Helpers shared with writes

    /// The keys among `keys` that have a row in `runs`.
    static func storedKeys(_ db: Database, among keys: [String]) throws -> Set<String> {
        var stored: Set<String> = []
        for chunk in chunks(of: Array(Set(keys))) {
            stored.formUnion(try String.fetchAll(
                db, sql: "SELECT key FROM runs WHERE key IN (\(placeholders(chunk.count)))",
                arguments: StatementArguments(chunk)))
        }
        return stored
    }

    /// `keys` in pieces small enough for one `IN (…)` list.
    static func chunks(of keys: [String]) -> [ArraySlice<String>] {
        let size = 500
        return stride(from: 0, to: keys.count, by: size).map { keys[$0..<min($0 + size, keys.count)] }
    }

    static func placeholders(_ count: Int) -> String {
        Array(repeating: "?", count: count).joined(separator: ", ")
    }

    /// Metrics by run id from rows (run id, name ids, values) of table `metrics`.
    private static func metrics(
        _ db: Database, sql: String, arguments: StatementArguments, names: [Int64: String]? = nil
    ) throws -> [Int64: [String: Double]] {
        let names = try names ?? SharedRows.names(db)
        var metrics: [Int64: [String: Double]] = [:]
        let rows = try Row.fetchCursor(db, sql: sql, arguments: arguments)
        while let row = try rows.next() {
            let run = try row.decode(Int64.self, atIndex: 0)
            let packed = PackedMetrics(nameIDs: try row.decode(Data.self, atIndex: 1), values: try row.decode(Data.self, atIndex: 2))
            var byName: [String: Double] = [:]
            for (id, value) in try packed.unpacked() {
                guard let name = names[id] else { throw CorruptValue(message: "run id \(run): metric name \(id) is missing") }
                byName[name] = value
            }
            metrics[run] = byName
        }
        return metrics
    }

    /// The metrics of the runs `ids`, by run id.
    static func metrics(_ db: Database, runIDs ids: [Int64]) throws -> [Int64: [String: Double]] {
        var metrics: [Int64: [String: Double]] = [:]
        let names = try SharedRows.names(db)
        for start in stride(from: 0, to: ids.count, by: 500) {
            let chunk = Array(ids[start..<min(start + 500, ids.count)])
            metrics.merge(try Self.metrics(db, sql: """
                SELECT run_id, name_ids, "values" FROM metrics WHERE run_id IN (\(placeholders(chunk.count)))
                """, arguments: StatementArguments(chunk), names: names), uniquingKeysWith: { first, _ in first })
        }
        return metrics
    }

    /// The stored runs of `rows`, with their provenance rows from `db` and their metrics.
    static func storedRuns(_ rows: [RunRow], metrics: [Int64: [String: Double]], _ db: Database) throws -> [StoredRun] {
        let provenances = try ProvenanceRow.all(db)
        return try rows.map { row in
            guard let provenance = provenances[row.provenanceID] else {
                throw CorruptValue(message: "run \(row.key): provenance \(row.provenanceID) is missing")
            }
            return StoredRun(record: try row.record(provenance: provenance), metrics: row.id.flatMap { metrics[$0] } ?? [:])
        }
    }
}
