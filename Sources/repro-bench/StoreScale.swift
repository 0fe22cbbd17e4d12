import Foundation

/// The store benchmark: a real 10 000-run sweep written, merged, exported and verified, its
/// bytes against the same runs in the previous schema's layout; then a million-run store
/// merged from 100 generated shard stores, exported and verified. Every command is the
/// `repro` executable in a child process, timed, with its peak resident memory.
struct StoreScale {
    /// The `repro` executable measured.
    var repro: String
    /// A `repro` of the previous schema, run on the same sweep when given.
    var baseline: String?
    var python: String
    /// Folder of the benchmark's specs and scripts (bench/store).
    var folder: String
    /// Scratch folder for the stores (several GB at a million runs).
    var scratch: String
    var shards: Int
    var runsPerShard: Int

    /// The bytes of a store.
    struct Layout: Codable, Sendable {
        var schema: Int
        var bytes: Int
        var runs: Int
        var seriesPoints: Int
        var metricValues: Int
        /// Bytes of each table with its indexes.
        var tables: [String: Int]

        var bytesPerRun: Double { Double(bytes) / Double(max(runs, 1)) }
        var seriesBytesPerPoint: Double { Double(tables["series"] ?? 0) / Double(max(seriesPoints, 1)) }
        var metricBytesPerValue: Double { Double(tables["metrics"] ?? 0) / Double(max(metricValues, 1)) }
    }

    /// The commands on one store, by what they do (`write`, `merge`, `export --long`, …).
    struct Commands: Codable, Sendable {
        var runs: Int
        var layout: Layout
        var outcomes: [String: ChildProcess.Outcome]
    }

    /// What the store section reports.
    struct Result: Codable, Sendable {
        /// The 10 000-run sweep with this build.
        var small: Commands
        /// The same runs in the previous schema's layout (converted row for row).
        var previousLayout: Layout
        /// The same sweep with the previous build, when it was given.
        var baseline: Commands?
        /// The million-run store: generation, merge of the shards, export, verify.
        var million: Commands
        var shards: Int
        var runsPerShard: Int
        /// Seconds to generate the shard stores (the generator writes through ResultStore).
        var generateSeconds: Double
    }

    /// Runs and measures the commands.
    var child: ChildProcess { ChildProcess(python: python, script: folder + "/measure.py") }

    func measure(progress: (String) -> Void) throws -> Result {
        try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
        let log = scratch + "/commands.log"
        let small = folder + "/small-robust.yaml", million = folder + "/million.yaml"

        progress("store: 10 000-run sweep with \(repro)")
        let ours = try sweep(repro, spec: small, name: "small", log: log)
        progress("store: the same runs in the previous schema's layout")
        let converted = scratch + "/small-previous-layout.sqlite"
        _ = try child.run(python, [folder + "/v3_layout.py", scratch + "/small.sqlite", converted], log: log)
        let previous = try layout(converted)
        var base: Commands?
        if let baseline {
            progress("store: 10 000-run sweep with the baseline \(baseline)")
            base = try sweep(baseline, spec: small, name: "baseline", log: log)
        }

        progress("store: generating \(shards) shard stores of \(runsPerShard) runs")
        let generator = try StoreGenerator(specPath: million, template: try StoreGenerator.template(from: scratch + "/small.sqlite"))
        let total = shards * runsPerShard
        guard generator.points.count >= total else {
            throw BenchError.store("\(million) plans \(generator.points.count) runs, fewer than \(total)")
        }
        var shardPaths: [String] = []
        let start = Date()
        for i in 0..<shards {
            let path = scratch + "/shard-\(String(format: "%03d", i)).sqlite"
            try? FileManager.default.removeItem(atPath: path)
            try generator.writeShard(i * runsPerShard..<(i + 1) * runsPerShard, to: path)
            shardPaths.append(path)
        }
        let generateSeconds = Date().timeIntervalSince(start)
        let merged = scratch + "/million.sqlite"
        removeStore(merged)
        progress("store: merging the \(shards) shards")
        var outcomes: [String: ChildProcess.Outcome] = [:]
        outcomes["merge"] = try child.run(repro, ["merge"] + shardPaths + ["--into", merged], log: log)
        progress("store: export --wide and verify of \(total) runs")
        outcomes["export --wide"] = try child.run(repro, ["export", million, "--db", merged, "--wide", "--allow-large",
                                                                 "--out", scratch + "/million-wide.csv"], log: log)
        outcomes["verify"] = try child.run(repro, ["verify", million, "--db", merged, "--allow-large"], log: log,
                                                  allowed: [0, 1, 3])
        let millionLayout = try layout(merged)
        progress("store: the 10 000-run sweep read from the million-run store")
        _ = try child.run(repro, ["merge", scratch + "/small.sqlite", "--into", merged], log: log)
        outcomes["small: export --wide"] = try child.run(repro, ["export", small, "--db", merged, "--wide",
                                                                 "--out", scratch + "/small-from-million-wide.csv"], log: log)
        outcomes["small: verify"] = try child.run(repro, ["verify", small, "--db", merged], log: log, allowed: [0, 1, 3])
        for path in shardPaths { removeStore(path) }
        removeStore(merged)
        return Result(small: ours, previousLayout: previous, baseline: base,
                      million: Commands(runs: total, layout: millionLayout, outcomes: outcomes),
                      shards: shards, runsPerShard: runsPerShard, generateSeconds: generateSeconds)
    }

    /// The 10 000-run sweep with `executable`: run (2 jobs), merge into an empty store,
    /// export in the three layouts, verify.
    func sweep(_ executable: String, spec: String, name: String, log: String) throws -> Commands {
        let db = scratch + "/\(name).sqlite", merged = scratch + "/\(name)-merged.sqlite"
        removeStore(db)
        removeStore(merged)
        var outcomes: [String: ChildProcess.Outcome] = [:]
        outcomes["write"] = try child.run(executable, ["run", spec, "--db", db, "--jobs", "2", "--quiet"], log: log)
        outcomes["merge"] = try child.run(executable, ["merge", db, "--into", merged], log: log)
        for (label, arguments) in [("export --long", ["--long"]), ("export --wide", ["--wide"]),
                                   ("export --series", ["--series", "error"])] {
            outcomes[label] = try child.run(executable, ["export", spec, "--db", db] + arguments
                                                   + ["--out", scratch + "/\(name)-\(arguments[0].dropFirst(2)).csv"], log: log)
        }
        outcomes["verify"] = try child.run(executable, ["verify", spec, "--db", db], log: log, allowed: [0, 1, 3])
        let written = try layout(db)
        removeStore(merged)
        return Commands(runs: written.runs, layout: written, outcomes: outcomes)
    }

    /// The layout of the store at `path` (bench/store/layout.py).
    func layout(_ path: String) throws -> Layout {
        let output = scratch + "/layout.json"
        try? FileManager.default.removeItem(atPath: output)
        _ = try child.run("/bin/sh", ["-c", "\"$0\" \"$1\" \"$2\" > \"$3\"", python, folder + "/layout.py", path, output],
                          log: scratch + "/commands.log")
        guard let data = FileManager.default.contents(atPath: output) else { throw BenchError.store("\(path): no layout") }
        return try JSONDecoder().decode(Layout.self, from: data)
    }

    /// Removes a store and its side files.
    func removeStore(_ path: String) {
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
    }
}
