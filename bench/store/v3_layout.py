#!/usr/bin/env python3
"""Writes the runs of a repro store of schema v4 into a new file in the layout of schema v3
(a row per run with its provenance, a row per metric and per series point, keyed by the
64-character run key), row for row the same data: the store benchmark's measure of the
previous schema on the same runs. Usage: v3_layout.py SOURCE_V4 DESTINATION."""
import os
import sqlite3
import struct
import sys

V3 = """
CREATE TABLE grdb_migrations (identifier TEXT NOT NULL PRIMARY KEY);
INSERT INTO grdb_migrations VALUES ('v1'), ('v2'), ('v3');
CREATE TABLE runs ("key" TEXT PRIMARY KEY NOT NULL, "model" TEXT NOT NULL, "model_version" INTEGER NOT NULL,
  "params_json" TEXT NOT NULL, "replicate" INTEGER NOT NULL, "instance_seed" TEXT NOT NULL,
  "algorithm_seed" TEXT NOT NULL, "status" TEXT NOT NULL CHECK (status IN ('ok', 'diverged', 'failed')),
  "message" TEXT, "started_at" TEXT NOT NULL, "wall_seconds" DOUBLE NOT NULL, "repro_version" TEXT NOT NULL,
  "git_commit" TEXT, "git_dirty" BOOLEAN, "host" TEXT NOT NULL, "os" TEXT NOT NULL, "blas_config" TEXT NOT NULL,
  "blas_core" TEXT NOT NULL, "blas_threads" INTEGER NOT NULL, "git_diff_hash" TEXT, "code_fingerprint" TEXT);
CREATE TABLE spec_runs ("spec_id" TEXT NOT NULL, "run_key" TEXT NOT NULL REFERENCES "runs"("key") ON DELETE CASCADE,
  PRIMARY KEY ("spec_id", "run_key")) WITHOUT ROWID;
CREATE INDEX "spec_runs_by_run" ON "spec_runs"("run_key");
CREATE TABLE metrics ("run_key" TEXT NOT NULL REFERENCES "runs"("key") ON DELETE CASCADE, "name" TEXT NOT NULL,
  "value" CHECK (value IS NULL OR typeof(value) = 'real'), PRIMARY KEY ("run_key", "name")) WITHOUT ROWID;
CREATE TABLE series ("run_key" TEXT NOT NULL REFERENCES "runs"("key") ON DELETE CASCADE, "name" TEXT NOT NULL,
  "step" INTEGER NOT NULL, "value" CHECK (value IS NULL OR typeof(value) = 'real'),
  PRIMARY KEY ("run_key", "name", "step")) WITHOUT ROWID;
"""


def varints(data):
    out, v, shift = [], 0, 0
    for b in data:
        v |= (b & 0x7F) << shift
        if b & 0x80:
            shift += 7
        else:
            out.append(v)
            v, shift = 0, 0
    return out


def doubles(data):
    return [None if x != x else x for x in struct.unpack("<%dd" % (len(data) // 8), data)]


def main(source, destination):
    if os.path.exists(destination):
        os.remove(destination)
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    dst = sqlite3.connect(destination)
    dst.execute("PRAGMA journal_mode = WAL")
    dst.executescript(V3)
    names = dict(src.execute("SELECT id, name FROM names"))
    key_of = {}
    for row in src.execute("""
            SELECT r.id, r.key, p.model, p.model_version, p.params_json, r.replicate, r.instance_seed, r.algorithm_seed,
                   r.status, r.message, r.started_at, r.wall_seconds, v.repro_version, v.git_commit, v.git_dirty, v.host,
                   v.os, v.blas_config, v.blas_core, v.blas_threads, v.git_diff_hash, v.code_fingerprint
            FROM runs r JOIN points p ON p.id = r.point_id JOIN provenances v ON v.id = r.provenance_id ORDER BY r.id"""):
        key_of[row[0]] = row[1]
        dst.execute("INSERT INTO runs VALUES (%s)" % ", ".join("?" * 21), row[1:])
    dst.executemany("INSERT INTO spec_runs VALUES (?, ?)",
                    ((s, key_of[r]) for s, r in src.execute("SELECT spec_id, run_id FROM spec_runs ORDER BY run_id")))
    for run, ids, values in src.execute('SELECT run_id, name_ids, "values" FROM metrics ORDER BY run_id'):
        dst.executemany("INSERT INTO metrics VALUES (?, ?, ?)",
                        sorted((key_of[run], names[i], v) for i, v in zip(varints(ids), doubles(values))))
    for run, name, first, stride, last, steps, values in src.execute(
            'SELECT run_id, name_id, first_step, step_stride, last_step, steps, "values" FROM series ORDER BY run_id, name_id'):
        vs = doubles(values)
        if steps is not None:
            ss = list(struct.unpack("<%dq" % (len(steps) // 8), steps))
        else:
            ss = [first + i * stride for i in range(len(vs))]
            if last is not None:
                ss[-1] = last
        dst.executemany("INSERT INTO series VALUES (?, ?, ?, ?)", ((key_of[run], names[name], s, v) for s, v in zip(ss, vs)))
    dst.commit()
    dst.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    dst.close()


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
