import Foundation
import ResultStore
import Testing

/// The repository's root (scripts live under it).
let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

/// Whether a one-node Slurm can be brought up here: Debian's slurm-wlm and munge installed,
/// and root (slurmd runs jobs as their user).
let slurmInstalled = ["/usr/sbin/slurmctld", "/usr/sbin/slurmd", "/usr/sbin/munged", "/usr/bin/sbatch"]
    .allSatisfy { FileManager.default.isExecutableFile(atPath: $0) } && getuid() == 0

@Suite(.serialized) struct SlurmTests {
    /// Runs `script ARGS` from the repository with `environment` added; returns status and output.
    func sh(_ script: String, _ arguments: [String], in directory: URL, environment: [String: String])
        throws -> (status: Int32, output: String)
    {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = [repositoryRoot.appendingPathComponent(script).path] + arguments
        process.currentDirectoryURL = directory
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        // Output goes to a file, not a pipe: the daemons that local-slurm.sh starts inherit
        // the launcher's descriptors, so a pipe would never reach end of file.
        let log = directory.appendingPathComponent("sh-\(UUID().uuidString).log")
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        let handle = try FileHandle(forWritingTo: log)
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
        process.waitUntilExit()
        try handle.close()
        let data = try Data(contentsOf: log)
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    @Test(.enabled(if: slurmInstalled, "needs slurm-wlm and munge (scripts/install-test-deps.sh) and root"),
          .timeLimit(.minutes(3)))
    func aThreeShardJobArrayMergesToTheLocalRun() throws {
        let cli = try CLI()
        try cli.write("s.yaml", scaleSpec)
        let state = cli.directory.appendingPathComponent("slurm").path
        let port = 20000 + Int(getpid() % 20000)
        let env = ["REPRO_SLURM_DIR": state, "REPRO_SLURM_PORT": "\(port)", "SLURM_CONF": state + "/slurm.conf"]
        let up = try sh("scripts/local-slurm.sh", ["start"], in: cli.directory, environment: env)
        defer { _ = try? sh("scripts/local-slurm.sh", ["stop"], in: cli.directory, environment: env) }
        try #require(up.status == 0, "local Slurm did not start: \(up.output)")

        let sweep = try sh("scripts/slurm-sweep.sh", [
            "s.yaml", "--shards", "3", "--into", cli.path("merged.sqlite"), "--dir", cli.path("shards"),
            "--repro", CLI.binary.path, "--wait",
        ], in: cli.directory, environment: env)
        #expect(sweep.status == 0, "\(sweep.output)")
        #expect(sweep.output.contains("12 planned, 12 done (ok 12, diverged 0, failed 0), missing 0"), "\(sweep.output)")
        var shardRuns = 0
        for i in 1...3 {
            let shard = try ResultStore(readingAt: cli.path("shards/shard-\(i).sqlite"))
            let count = try shard.runCount()
            #expect(count > 0, "shard \(i) ran nothing")
            shardRuns += count
        }
        #expect(shardRuns == 12, "the shards are disjoint and cover the plan")

        #expect(try cli.run(["run", "s.yaml", "--jobs", "2", "--quiet"]).status == 0)
        #expect(try cli.export("s.yaml", db: "merged.sqlite") == cli.export("s.yaml"))
        #expect(try ResultStore(readingAt: cli.path("merged.sqlite")).integrityCheck() == ["ok"])
    }
}
