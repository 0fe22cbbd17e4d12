import Foundation
internal import GRDB

/// What `ResultStore.merge(from:)` copied into the destination store.
public struct MergeSummary: Sendable, Equatable {
    /// Runs copied (with their metrics and series) because the destination lacked their key.
    public var runsAdded: Int
    /// Runs of the source whose key the destination already had: the same run, not copied.
    public var runsAlreadyPresent: Int
    /// Spec memberships (spec id, run key) added.
    public var membershipsAdded: Int
    /// Specs added, or updated because the source registered them later.
    public var specsUpdated: Int
    /// Specs whose claim results were replaced by the source's more recent ones.
    public var claimResultsUpdated: Int
    /// Keys present in both stores whose runs differ (status, message, metrics or series):
    /// the destination's run is kept; the caller reports them. Sorted.
    public var conflicts: [MergeConflict]

    /// Creates a summary.
    public init(
        runsAdded: Int, runsAlreadyPresent: Int, membershipsAdded: Int, specsUpdated: Int,
        claimResultsUpdated: Int, conflicts: [MergeConflict] = []
    ) {
        self.conflicts = conflicts
        self.runsAdded = runsAdded
        self.runsAlreadyPresent = runsAlreadyPresent
        self.membershipsAdded = membershipsAdded
        self.specsUpdated = specsUpdated
        self.claimResultsUpdated = claimResultsUpdated
    }
}

/// A run key stored in both stores of a merge with different results.
public struct MergeConflict: Sendable, Equatable, CustomStringConvertible {
    /// The run key.
    public var key: String
    /// What differs, e.g. `status ok vs failed` or `metric final_error 1.2e-07 vs 1.3e-07`.
    public var difference: String

    /// Creates a conflict record.
    public init(key: String, difference: String) {
        self.key = key
        self.difference = difference
    }

    public var description: String { "run \(key): \(difference) (kept the destination's)" }
}

extension ResultStore {
    /// Number of runs copied per transaction by `merge(from:)`.
    private static let mergeBatchSize = 100

    /// Adds the contents of `source` (typically opened with `init(readingAt:)`) to this store,
    /// for `repro merge` of shard stores. The same key is the same run: runs this store already
    /// has are kept as they are; the others are copied with their metrics and series, each
    /// batch of runs in one transaction, so an interrupted merge leaves whole runs only and can
    /// be repeated. Spec memberships are united; a spec row or a spec's claim results are taken
    /// from the source when it registered or evaluated them later. `source` is only read.
    public func merge(from source: ResultStore) throws(StoreError) -> MergeSummary {
        let sourceKeys = try source.read("reading run keys to merge") { db in
            try String.fetchAll(db, sql: "SELECT key FROM runs ORDER BY key")
        }
        let present = try existingRunKeys(among: sourceKeys)
        let missing = sourceKeys.filter { !present.contains($0) }
        var conflicts: [MergeConflict] = []
        let shared = sourceKeys.filter { present.contains($0) }
        for start in stride(from: 0, to: shared.count, by: Self.mergeBatchSize) {
            let batch = Array(shared[start..<min(start + Self.mergeBatchSize, shared.count)])
            conflicts += try differences(batch, from: source)
        }
        var runsAdded = 0
        for start in stride(from: 0, to: missing.count, by: Self.mergeBatchSize) {
            let batch = Array(missing[start..<min(start + Self.mergeBatchSize, missing.count)])
            runsAdded += try copyRuns(batch, from: source)
        }

        let memberships = try source.read("reading spec memberships to merge") { db in
            try Row.fetchAll(db, sql: "SELECT spec_runs.spec_id, runs.key FROM spec_runs JOIN runs ON runs.id = spec_runs.run_id")
        }
        let specs = try source.read("reading specs to merge") { db in try SpecRow.fetchAll(db) }
        let claims = try source.read("reading claim results to merge") { db in
            try ClaimResultRow.fetchAll(db, sql: "SELECT * FROM claim_results ORDER BY spec_id, position")
        }
        let claimsBySpec = Dictionary(grouping: claims, by: \.specID)
        let plans = try source.read("reading spec plans to merge") { db in try SpecPlanRow.fetchAll(db) }

        return try write("merging \(source.path)") { db in
            let membership = try db.cachedStatement(
                sql: "INSERT OR IGNORE INTO spec_runs (spec_id, run_id) SELECT ?, id FROM runs WHERE key = ?")
            var membershipsAdded = 0
            for row in memberships {
                try membership.execute(arguments: StatementArguments(row.databaseValues))
                membershipsAdded += db.changesCount
            }

            var specsUpdated = 0
            for spec in specs {
                let current = try String.fetchOne(
                    db, sql: "SELECT registered_at FROM specs WHERE id = ?", arguments: [spec.id])
                if current.map({ $0 < spec.registeredAt }) ?? true {
                    try spec.save(db)
                    specsUpdated += 1
                }
            }

            for plan in plans {
                let current = try String.fetchOne(
                    db, sql: "SELECT run_at FROM spec_plans WHERE spec_id = ?", arguments: [plan.specID])
                if current.map({ $0 < plan.runAt }) ?? true { try plan.save(db) }
            }

            var claimResultsUpdated = 0
            for (specID, rows) in claimsBySpec {
                let current = try String.fetchOne(
                    db, sql: "SELECT MAX(evaluated_at) FROM claim_results WHERE spec_id = ?", arguments: [specID])
                let incoming = rows.map(\.evaluatedAt).max() ?? ""
                if current.map({ $0 < incoming }) ?? true {
                    try db.execute(sql: "DELETE FROM claim_results WHERE spec_id = ?", arguments: [specID])
                    for row in rows {
                        try row.insert(db)
                    }
                    claimResultsUpdated += 1
                }
            }

            return MergeSummary(
                runsAdded: runsAdded, runsAlreadyPresent: sourceKeys.count - runsAdded, membershipsAdded: membershipsAdded,
                specsUpdated: specsUpdated, claimResultsUpdated: claimResultsUpdated, conflicts: conflicts)
        }
    }

    /// Copies the runs `keys` of `source`, with their metrics and series, in one transaction,
    /// skipping any that another writer stored meanwhile; returns how many were copied.
    /// Values are copied as stored (a NaN keeps its bits, -0.0 its sign); points, provenance
    /// rows and names are matched to this store's or added.
    private func copyRuns(_ keys: [String], from source: ResultStore) throws(StoreError) -> Int {
        let marks = Self.placeholders(keys.count)
        let arguments = StatementArguments(keys)
        let (runs, provenances, metrics, series) = try source.read("reading runs to merge") { db in
            let runs = try RunRow.fetchAll(db, sql: "\(RunRow.select) WHERE runs.key IN (\(marks))", arguments: arguments)
            return (
                runs,
                try ProvenanceRow.all(db),
                try Self.metrics(db, runIDs: runs.compactMap(\.id)),
                try Row.fetchAll(db, sql: """
                    SELECT s.run_id, n.name, s.first_step, s.step_stride, s.last_step, s.steps, s."values"
                    FROM series s JOIN names n ON n.id = s.name_id
                    WHERE s.run_id IN (SELECT id FROM runs WHERE key IN (\(marks)))
                    """, arguments: arguments)
            )
        }
        return try write("merging runs from \(source.path)") { db in
            let stored = try Self.storedKeys(db, among: keys)
            var shared = SharedRows()
            var runIDs: [Int64: Int64] = [:]
            for var run in runs where !stored.contains(run.key) {
                guard let sourceID = run.id, let provenance = provenances[run.provenanceID] else {
                    throw CorruptValue(message: "run \(run.key): provenance \(run.provenanceID) is missing")
                }
                run.provenanceID = try shared.provenance(provenance, db)
                run.pointID = try shared.point(model: run.model, version: run.modelVersion, parameters: run.paramsJSON, db)
                run.id = nil
                try run.insert(db)
                let id = run.id ?? db.lastInsertedRowID
                runIDs[sourceID] = id
                try Self.insert(metrics: metrics[sourceID] ?? [:], runID: id, shared: &shared, db)
            }
            let insertSeries = try db.cachedStatement(sql: """
                INSERT INTO series (run_id, name_id, first_step, step_stride, last_step, steps, "values")
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """)
            for row in series {
                guard let id = runIDs[try row.decode(Int64.self, atIndex: 0)] else { continue }
                try insertSeries.execute(arguments: [id, try shared.name(try row.decode(String.self, atIndex: 1), db),
                                                     row[2] as DatabaseValue, row[3] as DatabaseValue, row[4] as DatabaseValue,
                                                     row[5] as DatabaseValue, row[6] as DatabaseValue])
            }
            return runIDs.count
        }
    }

    /// True for a timing's name (a metric or series ending in `_seconds`, as the models' schemas
    /// declare them).
    private static func isTiming(_ name: String) -> Bool { name.hasSuffix("_seconds") }

    /// The runs among `keys` (stored in both) whose status, message, metrics or series differ
    /// between `source` and this store, compared exactly as stored (bit for bit). Provenance
    /// (host, times, commit, code fingerprint) is not compared: the same key is the same run.
    /// Nor are timings: a metric or series whose name ends in `_seconds` measures the machine.
    private func differences(_ keys: [String], from source: ResultStore) throws(StoreError) -> [MergeConflict] {
        let marks = Self.placeholders(keys.count)
        let arguments = StatementArguments(keys)
        func contents(_ db: Database) throws -> [String: [String]] {
            var text: [String: [String]] = [:]
            var keyOf: [Int64: String] = [:]
            for row in try Row.fetchAll(
                db, sql: "SELECT id, key, status, message FROM runs WHERE key IN (\(marks))", arguments: arguments) {
                let key: String = try row.decode(String.self, atIndex: 1)
                keyOf[try row.decode(Int64.self, atIndex: 0)] = key
                let status: String = try row.decode(String.self, atIndex: 2)
                let message: String? = try row.decode(String?.self, atIndex: 3)
                text[key, default: []].append("status \(status)")
                text[key, default: []].append("message \(message ?? "none")")
            }
            let ids = StatementArguments(Array(keyOf.keys))
            let idMarks = Self.placeholders(keyOf.count)
            var metrics: [(key: String, name: String, value: Double)] = []
            for (id, values) in try Self.metrics(db, runIDs: Array(keyOf.keys)) {
                guard let key = keyOf[id] else { continue }
                for (name, value) in values where !Self.isTiming(name) { metrics.append((key, name, value)) }
            }
            for m in metrics.sorted(by: { ($0.key, $0.name) < ($1.key, $1.name) }) {
                text[m.key, default: []].append("metric \(m.name) \(Self.exact(m.value))")
            }
            var series: [(key: String, name: String, steps: [Int], values: [Double])] = []
            for row in try Row.fetchAll(db, sql: """
                SELECT s.run_id, n.name, s.first_step, s.step_stride, s.last_step, s.steps, s."values"
                FROM series s JOIN names n ON n.id = s.name_id WHERE s.run_id IN (\(idMarks))
                """, arguments: ids) {
                guard let key = keyOf[try row.decode(Int64.self, atIndex: 0)] else { continue }
                let name: String = try row.decode(String.self, atIndex: 1)
                if Self.isTiming(name) { continue }
                let packed = try PackedSeries(row: row, from: 2)
                let (steps, values) = try packed.unpacked()
                series.append((key, name, steps, values))
            }
            for s in series.sorted(by: { ($0.key, $0.name) < ($1.key, $1.name) }) {
                for (step, value) in zip(s.steps, s.values) {
                    text[s.key, default: []].append("series \(s.name) step \(step) " + Self.exact(value))
                }
            }
            return text
        }
        let theirs = try source.read("reading runs to compare") { db in try contents(db) }
        let ours = try read("reading runs to compare") { db in try contents(db) }
        var conflicts: [MergeConflict] = []
        for key in keys.sorted() {
            let a = ours[key] ?? [], b = theirs[key] ?? []
            guard a != b else { continue }
            let difference: String
            if let i = a.indices.first(where: { $0 < b.count && a[$0] != b[$0] }) {
                difference = "\(a[i]) vs \(b[i])"
            } else {
                difference = a.count < b.count ? "the source has more: \(b[a.count])" : "the destination has more: \(a[b.count])"
            }
            conflicts.append(MergeConflict(key: key, difference: difference))
        }
        return conflicts
    }

    /// A Double as text that tells every value apart (shortest round-trip form; -0.0 from 0.0
    /// through the bits). Every NaN is one value: a NaN's payload depends on how it was computed
    /// and a store of the previous schema kept no payload, so payloads are not a conflict.
    private static func exact(_ value: Double) -> String {
        if value.isNaN { return "nan" }
        return value == 0 ? "\(value) [0x\(String(value.bitPattern, radix: 16))]" : "\(value)"
    }
}
