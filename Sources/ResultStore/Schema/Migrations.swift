internal import GRDB

/// The store's schema: its migrations, and the check that a file is a store this build knows.
///
/// Migrations are named `v1`, `v2`, …; the schema version of a store is the number of its
/// last applied migration. A shipped migration is never edited: a change of schema is a
/// new migration appended to `migrator`.
enum Schema {
    /// All migrations this build knows, in order.
    static let migrator: DatabaseMigrator = {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1", migrate: createV1)
        migrator.registerMigration("v2", migrate: addDiffHashV2)
        migrator.registerMigration("v3", migrate: addFingerprintsPlansAndVerdictsV3)
        migrator.registerMigration("v4", migrate: sharedRowsAndPackedValuesV4)
        return migrator
    }()

    /// The schema version this build writes and reads.
    static var knownVersion: Int { migrator.migrations.count }

    /// The version number of a migration identifier (`"v5"` → 5), or nil if it has no number.
    static func version(of identifier: String) -> Int? {
        guard identifier.first == "v" else { return nil }
        return Int(identifier.dropFirst())
    }

    /// Throws `newerSchema` when `db` records a migration this build does not know.
    static func checkNotNewer(_ db: Database, path: String) throws {
        let known = Set(migrator.migrations)
        let unknown = try migrator.appliedIdentifiers(db).subtracting(known).sorted()
        guard !unknown.isEmpty else { return }
        let versions = unknown.compactMap(version(of:))
        throw StoreError.newerSchema(
            path: path,
            storedVersion: versions.count == unknown.count ? versions.max() : nil,
            knownVersion: knownVersion,
            unknownMigrations: unknown)
    }

    /// Throws `notAStore` when `db` has tables but none of them records migrations: an SQLite
    /// file of something else, which opening it for writing must not change. An empty file
    /// (a new store) passes.
    static func checkStoreOrEmpty(_ db: Database, path: String) throws {
        let tables = try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
        if !tables.isEmpty, !tables.contains("grdb_migrations") {
            throw StoreError.notAStore(path: path)
        }
    }

    /// Checks, without writing, that `db` is a store with exactly the schema of this build.
    static func checkCurrent(_ db: Database, path: String) throws {
        try checkNotNewer(db, path: path)
        let applied = try migrator.completedMigrations(db)
        if applied.isEmpty {
            throw StoreError.notAStore(path: path)
        }
        if applied.count < knownVersion {
            throw StoreError.outdatedSchema(path: path, storedVersion: applied.count, knownVersion: knownVersion)
        }
    }

    /// Schema v1.
    ///
    /// Columns holding a measured Double (`metrics.value`, `series.value`) are declared
    /// without a type, so that SQLite keeps the eight bytes as given: with REAL affinity it
    /// would store -0.0 as the integer 0. SQLite cannot store NaN (it binds NaN as NULL), so
    /// NULL in these columns stands for NaN; ±infinity are stored as REAL. Seeds are decimal
    /// text (UInt64 does not fit SQLite's signed INTEGER); times are ISO 8601 UTC text with
    /// milliseconds.
    private static func createV1(_ db: Database) throws {
        try db.create(table: "runs") { t in
            t.primaryKey("key", .text)
            t.column("model", .text).notNull()
            t.column("model_version", .integer).notNull()
            t.column("params_json", .text).notNull()
            t.column("replicate", .integer).notNull()
            t.column("instance_seed", .text).notNull()
            t.column("algorithm_seed", .text).notNull()
            t.column("status", .text).notNull().check(sql: "status IN ('ok', 'diverged', 'failed')")
            t.column("message", .text)
            t.column("started_at", .text).notNull()
            t.column("wall_seconds", .double).notNull()
            t.column("repro_version", .text).notNull()
            t.column("git_commit", .text)
            t.column("git_dirty", .boolean)
            t.column("host", .text).notNull()
            t.column("os", .text).notNull()
            t.column("blas_config", .text).notNull()
            t.column("blas_core", .text).notNull()
            t.column("blas_threads", .integer).notNull()
        }

        try db.create(table: "spec_runs", options: .withoutRowID) { t in
            t.column("spec_id", .text).notNull()
            t.column("run_key", .text).notNull()
            t.primaryKey(["spec_id", "run_key"])
            t.foreignKey(["run_key"], references: "runs", onDelete: .cascade)
        }
        try db.create(index: "spec_runs_by_run", on: "spec_runs", columns: ["run_key"])

        try db.create(table: "metrics", options: .withoutRowID) { t in
            t.column("run_key", .text).notNull()
            t.column("name", .text).notNull()
            t.column("value").check(sql: "value IS NULL OR typeof(value) = 'real'")
            t.primaryKey(["run_key", "name"])
            t.foreignKey(["run_key"], references: "runs", onDelete: .cascade)
        }

        try db.create(table: "series", options: .withoutRowID) { t in
            t.column("run_key", .text).notNull()
            t.column("name", .text).notNull()
            t.column("step", .integer).notNull()
            t.column("value").check(sql: "value IS NULL OR typeof(value) = 'real'")
            t.primaryKey(["run_key", "name", "step"])
            t.foreignKey(["run_key"], references: "runs", onDelete: .cascade)
        }

        try db.create(table: "specs") { t in
            t.primaryKey("id", .text)
            t.column("path", .text).notNull()
            t.column("content_hash", .text).notNull()
            t.column("title", .text).notNull()
            t.column("paper", .text).notNull()
            t.column("model", .text).notNull()
            t.column("registered_at", .text).notNull()
        }

        try db.create(table: "claim_results", options: .withoutRowID) { t in
            t.column("spec_id", .text).notNull()
            t.column("claim_id", .text).notNull()
            t.column("position", .integer).notNull()
            t.column("text", .text).notNull()
            t.column("measured", .double)
            t.column("expectation", .text).notNull()
            t.column("passed", .boolean).notNull()
            t.column("detail", .text)
            t.column("evaluated_at", .text).notNull()
            t.primaryKey(["spec_id", "claim_id"])
        }
    }

    /// Schema v2: `runs.git_diff_hash`, the hex SHA-256 of `git diff HEAD` when the checkout
    /// was dirty (NULL when clean or unknown, and for runs stored before v2).
    private static func addDiffHashV2(_ db: Database) throws {
        try db.alter(table: "runs") { t in
            t.add(column: "git_diff_hash", .text)
        }
    }

    /// Schema v3:
    /// - `runs.code_fingerprint`: the hex SHA-256 of the code that produced the run (NULL for
    ///   runs stored before v3, which are therefore stale);
    /// - `spec_plans`: per spec id, the plan of its last `repro run` (the spec file's content
    ///   hash, the `--set` overrides as a JSON array of `key=values` texts, `--replicates`);
    /// - `claim_results.verdict`: PASS, FAIL, DEVIATES or INCOMPLETE (NULL for results saved before v3,
    ///   which have only `passed`).
    private static func addFingerprintsPlansAndVerdictsV3(_ db: Database) throws {
        try db.alter(table: "runs") { t in
            t.add(column: "code_fingerprint", .text)
        }
        try db.create(table: "spec_plans") { t in
            t.primaryKey("spec_id", .text)
            t.column("content_hash", .text).notNull()
            t.column("overrides_json", .text).notNull()
            t.column("replicates", .integer)
            t.column("run_at", .text).notNull()
        }
        try db.alter(table: "claim_results") { t in
            t.add(column: "verdict", .text)
        }
    }
}
