internal import GRDB

extension Schema {
    /// Schema v4: runs referenced by an integer id; what runs share stored once; a run's
    /// metrics and each of its series as one row of packed arrays.
    ///
    /// - `provenances`: one row per distinct (repro version, git commit, dirty flag, diff hash,
    ///   host, OS, BLAS configuration, core, threads, code fingerprint);
    /// - `points`: one row per distinct (model, model version, canonical parameter JSON), with
    ///   `digest`, a 64-bit FNV-1a hash of the JSON, indexed to find a point;
    /// - `names`: the names of metrics and series;
    /// - `runs`: `id` (the internal reference), `key` (the public identity, unique),
    ///   `point_id`, `replicate`, seeds, status, message, start, wall time, `provenance_id`;
    /// - `spec_runs (spec_id, run_id)`;
    /// - `metrics (run_id, name_ids, "values")`: see `PackedMetrics`;
    /// - `series (run_id, name_id, first_step, step_stride, last_step, steps, "values")`: see
    ///   `PackedSeries` (a NaN is stored with its bits, no longer as NULL).
    ///
    /// The v3 rows are copied in their insertion order, so run ids follow the order runs were
    /// stored in; then the v3 tables are dropped.
    static func sharedRowsAndPackedValuesV4(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE provenances (
              id INTEGER PRIMARY KEY,
              repro_version TEXT NOT NULL, git_commit TEXT, git_dirty BOOLEAN, git_diff_hash TEXT,
              host TEXT NOT NULL, os TEXT NOT NULL, blas_config TEXT NOT NULL, blas_core TEXT NOT NULL,
              blas_threads INTEGER NOT NULL, code_fingerprint TEXT);
            CREATE INDEX provenances_by_host ON provenances (host, git_commit);
            CREATE TABLE points (
              id INTEGER PRIMARY KEY, digest INTEGER NOT NULL,
              model TEXT NOT NULL, model_version INTEGER NOT NULL, params_json TEXT NOT NULL);
            CREATE INDEX points_by_digest ON points (digest);
            CREATE TABLE names (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);
            CREATE TABLE runs_v4 (
              id INTEGER PRIMARY KEY,
              key TEXT NOT NULL UNIQUE,
              point_id INTEGER NOT NULL REFERENCES points (id),
              replicate INTEGER NOT NULL, instance_seed TEXT NOT NULL, algorithm_seed TEXT NOT NULL,
              status TEXT NOT NULL CHECK (status IN ('ok', 'diverged', 'failed')), message TEXT,
              started_at TEXT NOT NULL, wall_seconds DOUBLE NOT NULL,
              provenance_id INTEGER NOT NULL REFERENCES provenances (id));
            CREATE TABLE spec_runs_v4 (
              spec_id TEXT NOT NULL, run_id INTEGER NOT NULL REFERENCES runs_v4 (id) ON DELETE CASCADE,
              PRIMARY KEY (spec_id, run_id)) WITHOUT ROWID;
            CREATE TABLE metrics_v4 (
              run_id INTEGER PRIMARY KEY REFERENCES runs_v4 (id) ON DELETE CASCADE,
              name_ids BLOB NOT NULL, "values" BLOB NOT NULL);
            CREATE TABLE series_v4 (
              run_id INTEGER NOT NULL REFERENCES runs_v4 (id) ON DELETE CASCADE,
              name_id INTEGER NOT NULL REFERENCES names (id),
              first_step INTEGER, step_stride INTEGER, last_step INTEGER, steps BLOB, "values" BLOB NOT NULL,
              PRIMARY KEY (run_id, name_id)) WITHOUT ROWID;
            INSERT INTO names (name) SELECT name FROM metrics UNION SELECT name FROM series ORDER BY 1;
            """)
        var shared = SharedRows()
        let runs = try Row.fetchCursor(db, sql: "SELECT * FROM runs ORDER BY rowid")
        let insertRun = try db.makeStatement(sql: """
            INSERT INTO runs_v4 (key, point_id, replicate, instance_seed, algorithm_seed, status, message, started_at,
                                 wall_seconds, provenance_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        while let row = try runs.next() {
            let provenance = ProvenanceRow(
                id: nil, reproVersion: row["repro_version"], gitCommit: row["git_commit"], gitDirty: row["git_dirty"],
                gitDiffHash: row["git_diff_hash"], host: row["host"], os: row["os"], blasConfig: row["blas_config"],
                blasCore: row["blas_core"], blasThreads: row["blas_threads"], codeFingerprint: row["code_fingerprint"])
            let point = try shared.point(model: row["model"], version: row["model_version"], parameters: row["params_json"], db)
            try insertRun.execute(arguments: [
                row["key"], point, row["replicate"], row["instance_seed"], row["algorithm_seed"], row["status"],
                row["message"], row["started_at"], row["wall_seconds"], try shared.provenance(provenance, db),
            ])
        }
        try db.execute(sql: """
            INSERT INTO spec_runs_v4 (spec_id, run_id)
              SELECT s.spec_id, r.id FROM spec_runs s JOIN runs_v4 r ON r.key = s.run_key;
            """)
        try packMetrics(db)
        try packSeries(db)
        try db.execute(sql: """
            DROP TABLE series; DROP TABLE metrics; DROP TABLE spec_runs; DROP TABLE runs;
            ALTER TABLE runs_v4 RENAME TO runs;
            ALTER TABLE spec_runs_v4 RENAME TO spec_runs;
            ALTER TABLE metrics_v4 RENAME TO metrics;
            ALTER TABLE series_v4 RENAME TO series;
            CREATE INDEX spec_runs_by_run ON spec_runs (run_id);
            """)
    }

    /// v3's metric rows, one row per run in v4.
    private static func packMetrics(_ db: Database) throws {
        let insert = try db.makeStatement(sql: #"INSERT INTO metrics_v4 (run_id, name_ids, "values") VALUES (?, ?, ?)"#)
        let rows = try Row.fetchCursor(db, sql: """
            SELECT r.id, n.id, m.value FROM metrics m JOIN runs_v4 r ON r.key = m.run_key
            JOIN names n ON n.name = m.name ORDER BY r.id
            """)
        var current: Int64?
        var values: [Int64: Double] = [:]
        func flush() throws {
            guard let current, !values.isEmpty else { return }
            let packed = PackedMetrics(values)
            try insert.execute(arguments: [current, packed.nameIDs, packed.values])
            values.removeAll(keepingCapacity: true)
        }
        while let row = try rows.next() {
            let run = try row.decode(Int64.self, atIndex: 0)
            if current != run {
                try flush()
                current = run
            }
            values[try row.decode(Int64.self, atIndex: 1)] = ValueEncoding.double(try row.decode(Double?.self, atIndex: 2))
        }
        try flush()
    }

    /// v3's series points, one row per (run, series) in v4.
    private static func packSeries(_ db: Database) throws {
        let insert = try db.makeStatement(sql: """
            INSERT INTO series_v4 (run_id, name_id, first_step, step_stride, last_step, steps, "values")
            VALUES (?, ?, ?, ?, ?, ?, ?)
            """)
        let points = try Row.fetchCursor(db, sql: """
            SELECT r.id, n.id, s.step, s.value FROM series s JOIN runs_v4 r ON r.key = s.run_key
            JOIN names n ON n.name = s.name ORDER BY r.id, n.id, s.step
            """)
        var current: (run: Int64, name: Int64)?
        var steps: [Int] = [], values: [Double] = []
        func flush() throws {
            guard let current, !steps.isEmpty else { return }
            let packed = PackedSeries(steps: steps, values: values)
            try insert.execute(arguments: [current.run, current.name, packed.first, packed.stride, packed.last,
                                           packed.steps, packed.values])
            steps.removeAll(keepingCapacity: true)
            values.removeAll(keepingCapacity: true)
        }
        while let row = try points.next() {
            let id = (run: try row.decode(Int64.self, atIndex: 0), name: try row.decode(Int64.self, atIndex: 1))
            if current.map({ $0 != id }) ?? true {
                try flush()
                current = id
            }
            steps.append(try row.decode(Int.self, atIndex: 2))
            values.append(ValueEncoding.double(try row.decode(Double?.self, atIndex: 3)))
        }
        try flush()
    }
}
