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
                SELECT runs.* FROM runs JOIN spec_runs ON spec_runs.run_key = runs.key
                WHERE spec_runs.spec_id = ?
                ORDER BY runs.params_json, runs.replicate, runs.key
                """, arguments: [specID])
            let metrics = try Self.metrics(db, sql: """
                SELECT metrics.run_key, metrics.name, metrics.value
                FROM metrics JOIN spec_runs ON spec_runs.run_key = metrics.run_key
                WHERE spec_runs.spec_id = ?
                """, arguments: [specID])
            return try Self.storedRuns(rows, metrics: metrics)
        }
    }

    /// The stored runs among `keys` (of any spec), with their metrics, ordered by
    /// (parametersJSON, replicate); keys without a run are skipped.
    public func runs(keys: [String]) throws(StoreError) -> [StoredRun] {
        try read("reading runs") { db in
            var rows: [RunRow] = []
            var metrics: [String: [String: Double]] = [:]
            for chunk in Self.chunks(of: Array(Set(keys))) {
                let marks = Self.placeholders(chunk.count)
                let arguments = StatementArguments(chunk)
                rows += try RunRow.fetchAll(db, sql: "SELECT * FROM runs WHERE key IN (\(marks))", arguments: arguments)
                metrics.merge(
                    try Self.metrics(
                        db, sql: "SELECT run_key, name, value FROM metrics WHERE run_key IN (\(marks))",
                        arguments: arguments),
                    uniquingKeysWith: { first, _ in first })
            }
            rows.sort { ($0.paramsJSON, $0.replicate, $0.key) < ($1.paramsJSON, $1.replicate, $1.key) }
            return try Self.storedRuns(rows, metrics: metrics)
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
        let arguments: StatementArguments = [prefix.utf8.count, prefix]
        return try read("reading runs with key prefix \(prefix)") { db in
            let rows = try RunRow.fetchAll(
                db, sql: "SELECT * FROM runs WHERE substr(key, 1, ?) = ? ORDER BY key", arguments: arguments)
            let metrics = try Self.metrics(
                db, sql: "SELECT run_key, name, value FROM metrics WHERE substr(run_key, 1, ?) = ?",
                arguments: arguments)
            return try Self.storedRuns(rows, metrics: metrics)
        }
    }

    /// Series `name` of run `runKey`, ordered by step, or nil if the run has no such series.
    public func series(runKey: String, name: String) throws(StoreError) -> SeriesData? {
        try read("reading series \(name) of run \(runKey)") { db in
            var steps: [Int] = []
            var values: [Double] = []
            let rows = try Row.fetchCursor(
                db, sql: "SELECT step, value FROM series WHERE run_key = ? AND name = ? ORDER BY step",
                arguments: [runKey, name])
            while let row = try rows.next() {
                steps.append(try row.decode(Int.self, atIndex: 0))
                values.append(ValueEncoding.double(try row.decode(Double?.self, atIndex: 1)))
            }
            return steps.isEmpty ? nil : SeriesData(name: name, steps: steps, values: values)
        }
    }

    /// Names of the series stored for run `runKey`, sorted.
    public func seriesNames(runKey: String) throws(StoreError) -> [String] {
        try read("reading series names of run \(runKey)") { db in
            try String.fetchAll(
                db, sql: "SELECT DISTINCT name FROM series WHERE run_key = ? ORDER BY name", arguments: [runKey])
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
                FROM spec_runs JOIN runs ON runs.key = spec_runs.run_key
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
    private static func chunks(of keys: [String]) -> [ArraySlice<String>] {
        let size = 500
        return stride(from: 0, to: keys.count, by: size).map { keys[$0..<min($0 + size, keys.count)] }
    }

    private static func placeholders(_ count: Int) -> String {
        Array(repeating: "?", count: count).joined(separator: ", ")
    }

    /// Metrics by run key from rows (run_key, name, value).
    private static func metrics(
        _ db: Database, sql: String, arguments: StatementArguments
    ) throws -> [String: [String: Double]] {
        var metrics: [String: [String: Double]] = [:]
        let rows = try Row.fetchCursor(db, sql: sql, arguments: arguments)
        while let row = try rows.next() {
            let value = ValueEncoding.double(try row.decode(Double?.self, atIndex: 2))
            metrics[try row.decode(String.self, atIndex: 0), default: [:]][try row.decode(String.self, atIndex: 1)] = value
        }
        return metrics
    }

    private static func storedRuns(_ rows: [RunRow], metrics: [String: [String: Double]]) throws -> [StoredRun] {
        try rows.map { StoredRun(record: try $0.record(), metrics: metrics[$0.key] ?? [:]) }
    }
}
