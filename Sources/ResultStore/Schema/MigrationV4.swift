internal import GRDB

extension Schema {
    /// Schema v4: runs referenced by an integer id, provenance stored once per combination,
    /// metric and series names interned, a series as one row of packed arrays.
    ///
    /// - `provenances`: one row per distinct (repro version, git commit, dirty flag, diff hash,
    ///   host, OS, BLAS configuration, core, threads, code fingerprint);
    /// - `names`: the names of metrics and series;
    /// - `runs`: `id` (the internal reference), `key` (the public identity, unique), the run's
    ///   own columns as before, `provenance_id`;
    /// - `spec_runs (spec_id, run_id)`, `metrics (run_id, name_id, value)`;
    /// - `series (run_id, name_id, first_step, step_stride, last_step, steps, "values")`: see
    ///   `PackedSeries` (a NaN is stored with its bits, no longer as NULL).
    ///
    /// The v3 rows are copied in their insertion order, so run ids follow the order runs were
    /// stored in; then the v3 tables are dropped.
    static func sharedProvenanceAndPackedSeriesV4(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE provenances (
              id INTEGER PRIMARY KEY,
              repro_version TEXT NOT NULL, git_commit TEXT, git_dirty BOOLEAN, git_diff_hash TEXT,
              host TEXT NOT NULL, os TEXT NOT NULL, blas_config TEXT NOT NULL, blas_core TEXT NOT NULL,
              blas_threads INTEGER NOT NULL, code_fingerprint TEXT);
            CREATE INDEX provenances_by_host ON provenances (host, git_commit);
            CREATE TABLE names (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);
            CREATE TABLE runs_v4 (
              id INTEGER PRIMARY KEY,
              key TEXT NOT NULL UNIQUE,
              model TEXT NOT NULL, model_version INTEGER NOT NULL, params_json TEXT NOT NULL,
              replicate INTEGER NOT NULL, instance_seed TEXT NOT NULL, algorithm_seed TEXT NOT NULL,
              status TEXT NOT NULL CHECK (status IN ('ok', 'diverged', 'failed')), message TEXT,
              started_at TEXT NOT NULL, wall_seconds DOUBLE NOT NULL,
              provenance_id INTEGER NOT NULL REFERENCES provenances (id));
            CREATE TABLE spec_runs_v4 (
              spec_id TEXT NOT NULL, run_id INTEGER NOT NULL REFERENCES runs_v4 (id) ON DELETE CASCADE,
              PRIMARY KEY (spec_id, run_id)) WITHOUT ROWID;
            CREATE TABLE metrics_v4 (
              run_id INTEGER NOT NULL REFERENCES runs_v4 (id) ON DELETE CASCADE,
              name_id INTEGER NOT NULL REFERENCES names (id),
              value CHECK (value IS NULL OR typeof(value) = 'real'),
              PRIMARY KEY (run_id, name_id)) WITHOUT ROWID;
            CREATE TABLE series_v4 (
              run_id INTEGER NOT NULL REFERENCES runs_v4 (id) ON DELETE CASCADE,
              name_id INTEGER NOT NULL REFERENCES names (id),
              first_step INTEGER, step_stride INTEGER, last_step INTEGER, steps BLOB, "values" BLOB NOT NULL,
              PRIMARY KEY (run_id, name_id)) WITHOUT ROWID;

            INSERT INTO provenances (repro_version, git_commit, git_dirty, git_diff_hash, host, os, blas_config,
                                     blas_core, blas_threads, code_fingerprint)
              SELECT DISTINCT repro_version, git_commit, git_dirty, git_diff_hash, host, os, blas_config, blas_core,
                              blas_threads, code_fingerprint FROM runs;
            INSERT INTO names (name) SELECT name FROM metrics UNION SELECT name FROM series ORDER BY 1;
            INSERT INTO runs_v4 (key, model, model_version, params_json, replicate, instance_seed, algorithm_seed,
                                 status, message, started_at, wall_seconds, provenance_id)
              SELECT r.key, r.model, r.model_version, r.params_json, r.replicate, r.instance_seed, r.algorithm_seed,
                     r.status, r.message, r.started_at, r.wall_seconds, p.id
              FROM runs r JOIN provenances p
                ON p.repro_version IS r.repro_version AND p.git_commit IS r.git_commit AND p.git_dirty IS r.git_dirty
               AND p.git_diff_hash IS r.git_diff_hash AND p.host IS r.host AND p.os IS r.os
               AND p.blas_config IS r.blas_config AND p.blas_core IS r.blas_core AND p.blas_threads IS r.blas_threads
               AND p.code_fingerprint IS r.code_fingerprint
              ORDER BY r.rowid;
            INSERT INTO spec_runs_v4 (spec_id, run_id)
              SELECT s.spec_id, r.id FROM spec_runs s JOIN runs_v4 r ON r.key = s.run_key;
            INSERT INTO metrics_v4 (run_id, name_id, value)
              SELECT r.id, n.id, m.value FROM metrics m JOIN runs_v4 r ON r.key = m.run_key JOIN names n ON n.name = m.name;
            """)
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
        try db.execute(sql: """
            DROP TABLE series; DROP TABLE metrics; DROP TABLE spec_runs; DROP TABLE runs;
            ALTER TABLE runs_v4 RENAME TO runs;
            ALTER TABLE spec_runs_v4 RENAME TO spec_runs;
            ALTER TABLE metrics_v4 RENAME TO metrics;
            ALTER TABLE series_v4 RENAME TO series;
            CREATE INDEX spec_runs_by_run ON spec_runs (run_id);
            """)
    }
}
