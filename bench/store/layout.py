#!/usr/bin/env python3
"""Prints the layout of a repro store as JSON: its bytes, runs, series points and metric
values, and the bytes of each table with its indexes (SQLite's dbstat), for the store
benchmark. Reads stores of schema v3 (a row per point) and v4 (packed rows)."""
import json
import sqlite3
import sys


def main(path):
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    tables = {name for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    page = db.execute("PRAGMA page_size").fetchone()[0]
    total = page * db.execute("PRAGMA page_count").fetchone()[0]
    by_object = dict(db.execute("SELECT name, SUM(pgsize) FROM dbstat GROUP BY name"))
    owner = {name: table for name, table in db.execute("SELECT name, tbl_name FROM sqlite_master")}
    by_table = {}
    for name, size in by_object.items():
        table = owner.get(name, name)
        by_table[table] = by_table.get(table, 0) + size
    if "points" in tables:  # v4
        points = db.execute('SELECT COALESCE(SUM(LENGTH("values")), 0) / 8 FROM series').fetchone()[0]
        values = db.execute('SELECT COALESCE(SUM(LENGTH("values")), 0) / 8 FROM metrics').fetchone()[0]
    else:
        points = db.execute("SELECT COUNT(*) FROM series").fetchone()[0]
        values = db.execute("SELECT COUNT(*) FROM metrics").fetchone()[0]
    runs = db.execute("SELECT COUNT(*) FROM runs").fetchone()[0]
    version = max(int(i[1:]) for (i,) in db.execute("SELECT identifier FROM grdb_migrations"))
    print(json.dumps({"schema": version, "bytes": total, "runs": runs, "seriesPoints": points, "metricValues": values,
                      "tables": by_table}, sort_keys=True))


if __name__ == "__main__":
    main(sys.argv[1])
