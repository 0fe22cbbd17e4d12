internal import GRDB

extension ResultStore {
    /// Registers a spec, or updates its row (path, content hash, title, paper, model,
    /// registration time) when its id is already registered.
    public func register(spec: SpecRecord) throws(StoreError) {
        let row = SpecRow(spec)
        try write("registering spec \(spec.id)") { db in
            try row.save(db)
        }
    }

    /// Records the plan spec `plan.specID` is being run with, replacing the one of its last run.
    public func savePlan(_ plan: SpecPlanRecord) throws(StoreError) {
        let row = SpecPlanRow(plan)
        try write("recording the plan of spec \(plan.specID)") { db in
            try row.save(db)
        }
    }

    /// Writes a run, its metrics, its series and its membership in spec `specID` in one
    /// transaction: afterwards the store holds all of it, or (on error) none of it.
    ///
    /// If the key is already stored (a `--rerun`), its row, metrics and series are replaced in
    /// that same transaction; its memberships in other specs are kept. Metric and series values
    /// may be NaN or ±infinity. Throws `invalidInput` for a status other than ok, diverged or
    /// failed, a non-finite or negative wall time, a series whose steps and values differ in
    /// length, two series with one name, or a series with a repeated step.
    public func record(
        run: RunRecord, metrics: [String: Double], series: [SeriesData], specID: String
    ) throws(StoreError) {
        try validate(run: run, series: series)
        try write("recording run \(run.key)") { db in
            var shared = SharedRows()
            try insert(run: run, metrics: metrics, series: series, specID: specID, shared: &shared, db)
        }
    }

    /// Writes a run as `record(run:metrics:series:specID:)` does, unless its key is already
    /// stored (by another process of an overlapping sweep, say): then only its membership in
    /// spec `specID` is added and the stored run is kept as it is. The check and the write are
    /// one transaction, so a key computed twice is stored once. Returns true when it wrote the run.
    @discardableResult
    public func recordIfAbsent(
        run: RunRecord, metrics: [String: Double], series: [SeriesData], specID: String
    ) throws(StoreError) -> Bool {
        try validate(run: run, series: series)
        return try write("recording run \(run.key)") { db in
            if try Self.storedKeys(db, among: [run.key]).isEmpty {
                var shared = SharedRows()
                try insert(run: run, metrics: metrics, series: series, specID: specID, shared: &shared, db)
                return true
            }
            try db.execute(
                sql: "INSERT OR IGNORE INTO spec_runs (spec_id, run_id) SELECT ?, id FROM runs WHERE key = ?",
                arguments: [specID, run.key])
            return false
        }
    }

    /// Writes runs as `record(run:metrics:series:specID:)` does, all in one transaction (a
    /// shard writer or a generator of stored runs writes thousands at a time so).
    public func record(
        batch: [(run: RunRecord, metrics: [String: Double], series: [SeriesData])], specID: String
    ) throws(StoreError) {
        for item in batch { try validate(run: item.run, series: item.series) }
        try write("recording \(batch.count) runs") { db in
            var shared = SharedRows()
            for item in batch {
                try insert(run: item.run, metrics: item.metrics, series: item.series, specID: specID, shared: &shared, db)
            }
        }
    }

    /// The body of a run write, inside the caller's transaction: replaces the run's row,
    /// metrics and series (a stored key keeps its id, so its memberships stay), and adds its
    /// membership in spec `specID`.
    func insert(
        run: RunRecord, metrics: [String: Double], series: [SeriesData], specID: String,
        shared: inout SharedRows, _ db: Database
    ) throws {
        let point = try shared.point(model: run.model, version: run.modelVersion, parameters: run.parametersJSON, db)
        var row = RunRow(run, pointID: point, provenanceID: try shared.provenance(ProvenanceRow(run), db))
        let runID: Int64
        if let existing = try Int64.fetchOne(db, sql: "SELECT id FROM runs WHERE key = ?", arguments: [run.key]) {
            row.id = existing
            try row.update(db)
            try db.execute(sql: "DELETE FROM metrics WHERE run_id = ?", arguments: [existing])
            try db.execute(sql: "DELETE FROM series WHERE run_id = ?", arguments: [existing])
            runID = existing
        } else {
            try row.insert(db)
            runID = row.id ?? db.lastInsertedRowID
        }
        try Self.insert(metrics: metrics, runID: runID, shared: &shared, db)
        let insertSeries = try db.cachedStatement(sql: """
            INSERT INTO series (run_id, name_id, first_step, step_stride, last_step, steps, "values")
            VALUES (?, ?, ?, ?, ?, ?, ?)
            """)
        for data in series where !data.steps.isEmpty {
            let order = data.steps.indices.sorted { data.steps[$0] < data.steps[$1] }
            let packed = PackedSeries(steps: order.map { data.steps[$0] }, values: order.map { data.values[$0] })
            try insertSeries.execute(arguments: [runID, try shared.name(data.name, db), packed.first, packed.stride,
                                                 packed.last, packed.steps, packed.values])
        }
        try db.cachedStatement(sql: "INSERT OR IGNORE INTO spec_runs (spec_id, run_id) VALUES (?, ?)")
            .execute(arguments: [specID, runID])
    }

    /// Writes the metrics row of run `runID` (none for no metrics), names by their ids.
    static func insert(metrics: [String: Double], runID: Int64, shared: inout SharedRows, _ db: Database) throws {
        guard !metrics.isEmpty else { return }
        var byID: [Int64: Double] = [:]
        for (name, value) in metrics { byID[try shared.name(name, db)] = value }
        let packed = PackedMetrics(byID)
        try db.cachedStatement(sql: #"INSERT INTO metrics (run_id, name_ids, "values") VALUES (?, ?, ?)"#)
            .execute(arguments: [runID, packed.nameIDs, packed.values])
    }

    /// Adds membership in spec `specID` for runs that are already stored (a run shared by two
    /// specs). Keys already linked are left as they are; throws `invalidInput`, linking
    /// nothing, if any key is not stored.
    public func link(specID: String, runKeys: [String]) throws(StoreError) {
        try write("linking runs to spec \(specID)") { db in
            let stored = try Self.storedKeys(db, among: runKeys)
            let missing = runKeys.filter { !stored.contains($0) }
            if let first = missing.first {
                let more = missing.count > 1 ? " and \(missing.count - 1) more" : ""
                throw StoreError.invalidInput(
                    path: path, message: "cannot link spec \(specID) to run \(first)\(more): no such run")
            }
            let statement = try db.cachedStatement(
                sql: "INSERT OR IGNORE INTO spec_runs (spec_id, run_id) SELECT ?, id FROM runs WHERE key = ?")
            for key in runKeys {
                try statement.execute(arguments: [specID, key])
            }
        }
    }

    /// Replaces all claim results of spec `specID` with `results` (one transaction), keeping
    /// their order. Throws `invalidInput` if a result belongs to another spec or two results
    /// share a claim id.
    public func saveClaimResults(specID: String, _ results: [ClaimResultRecord]) throws(StoreError) {
        var seen: Set<String> = []
        for result in results {
            guard result.specID == specID else {
                throw StoreError.invalidInput(
                    path: path,
                    message: "claim \(result.claimID) belongs to spec \(result.specID), not \(specID)")
            }
            guard seen.insert(result.claimID).inserted else {
                throw StoreError.invalidInput(
                    path: path, message: "spec \(specID): claim \(result.claimID) appears twice")
            }
        }
        let rows = results.enumerated().map { ClaimResultRow($1, position: $0) }
        try write("saving claim results of spec \(specID)") { db in
            try db.execute(sql: "DELETE FROM claim_results WHERE spec_id = ?", arguments: [specID])
            for row in rows {
                try row.insert(db)
            }
        }
    }

    // MARK: - Validation

    /// A step that `steps` holds twice, or nil.
    static func repeatedStep(_ steps: [Int]) -> Int? {
        var seen = Set<Int>()
        return steps.first { !seen.insert($0).inserted }
    }

    private func validate(run: RunRecord, series: [SeriesData]) throws(StoreError) {
        func invalid(_ message: String) -> StoreError {
            .invalidInput(path: path, message: "run \(run.key): \(message)")
        }
        guard RunRecord.statuses.contains(run.status) else {
            throw invalid("invalid status '\(run.status)' (expected ok, diverged or failed)")
        }
        guard run.wallSeconds.isFinite, run.wallSeconds >= 0 else {
            throw invalid("invalid wall time \(run.wallSeconds) s")
        }
        var names: Set<String> = []
        for data in series {
            guard data.steps.count == data.values.count else {
                throw invalid(
                    "series '\(data.name)' has \(data.steps.count) steps but \(data.values.count) values")
            }
            guard names.insert(data.name).inserted else {
                throw invalid("two series are named '\(data.name)'")
            }
            if let step = Self.repeatedStep(data.steps) {
                throw invalid("series '\(data.name)' repeats step \(step)")
            }
        }
    }
}
