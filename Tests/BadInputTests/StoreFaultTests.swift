import Foundation
import GRDB
import ResultStore
import Testing

/// A spec of one run that takes a fraction of a second.
let oneRunSpec = """
    id: one-run
    title: One tiny run, for the store-fault tests
    paper: xiong2023
    model: matrix-sensing
    params: { n: 4, rank: 1, measurements: 40, search_rank: 1, init_scale: 0.5, step: 0.1, iterations: 30 }
    claims:
      - id: small
        text: the error falls
        metric: final_error
        expect: { below: 10.0 }
        source: { calibration: "a test threshold" }

    """

/// A small tmpfs mounted for one test (needs root and CAP_SYS_ADMIN), unmounted by `unmount()`.
struct Tmpfs {
    let directory: URL

    /// True when this process may mount a tmpfs (checked once by mounting and unmounting one).
    static let available: Bool = {
        guard getuid() == 0, let probe = try? Tmpfs(kilobytes: 64) else { return false }
        probe.unmount()
        return true
    }()

    init(kilobytes: Int) throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("repro-tmpfs-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        guard Self.system(["/bin/mount", "-t", "tmpfs", "-o", "size=\(kilobytes)k", "tmpfs", directory.path]) == 0 else {
            try? FileManager.default.removeItem(at: directory)
            throw CocoaError(.fileWriteNoPermission)
        }
    }

    func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

    /// Remounts read-only (`true`) or read-write.
    func remount(readOnly: Bool) -> Bool {
        Self.system(["/bin/mount", "-o", "remount,\(readOnly ? "ro" : "rw")", directory.path]) == 0
    }

    /// Writes zeros into `name` until the file system is full, then gives back `leaving` bytes.
    func fill(_ name: String, leaving: Int) {
        fill(name)
        guard let handle = FileHandle(forWritingAtPath: path(name)), let size = try? handle.seekToEnd() else { return }
        try? handle.truncate(atOffset: size > UInt64(leaving) ? size - UInt64(leaving) : 0)
        try? handle.close()
    }

    /// Writes zeros into `name` until the file system is full.
    func fill(_ name: String) {
        guard FileManager.default.createFile(atPath: path(name), contents: nil),
              let handle = FileHandle(forWritingAtPath: path(name)) else { return }
        let chunk = Data(count: 4096)
        while (try? handle.write(contentsOf: chunk)) != nil {}
        // Fill the last partial block byte by byte.
        while (try? handle.write(contentsOf: Data(count: 1))) != nil {}
        try? handle.close()
    }

    func unmount() {
        _ = Self.system(["/bin/umount", directory.path])
        try? FileManager.default.removeItem(at: directory)
    }

    @discardableResult
    static func system(_ arguments: [String]) -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: arguments[0])
        process.arguments = Array(arguments.dropFirst())
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return -1 }
        process.waitUntilExit()
        return process.terminationStatus
    }
}

/// Stores that cannot be used: each `repro` command exits 2 with one line naming the store,
/// and never changes the store's bytes.
@Suite("Store faults", .serialized, .timeLimit(.minutes(2)))
struct StoreFaultTests {
    /// Runs `repro ARGS` on `store` and checks: exit 2, one stderr line starting with
    /// `repro: STORE: ` and containing `message`, the store's bytes unchanged.
    func expectRefused(_ arguments: [String], store: String, in directory: URL, message: String,
                       env: [String: String] = [:], sourceLocation: SourceLocation = #_sourceLocation) throws {
        let before = storeFingerprint(store)
        let result = try Repro.run(arguments + ["--db", store], in: directory, env: env)
        #expect(result.status == 2, "exit \(result.status): \(result.stderr)", sourceLocation: sourceLocation)
        #expect(result.stderrLines.count == 1, "\(result.stderr)", sourceLocation: sourceLocation)
        #expect(result.stderr.hasPrefix("repro: \(store): "), "\(result.stderr)", sourceLocation: sourceLocation)
        #expect(result.stderr.contains(message), "\(result.stderr) lacks '\(message)'", sourceLocation: sourceLocation)
        #expect(storeFingerprint(store) == before, "the store changed", sourceLocation: sourceLocation)
    }

    @Test("a missing directory of the store is created, and the run is stored")
    func missingDirectoryIsCreated() throws {
        let scratch = try Scratch("missing-dir")
        defer { scratch.remove() }
        let spec = try scratch.write("one.yaml", oneRunSpec)
        let store = scratch.path("not/yet/there/store.sqlite")
        let result = try Repro.run(["run", spec, "--db", store, "--quiet"], in: scratch.url)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("ran 1 (ok 1"))
        #expect(try ResultStore(readingAt: store).specSummaries().first?.runCounts["ok"] == 1)
    }

    @Test("a file that is not SQLite is refused by every command and left as it was")
    func notSQLite() throws {
        let scratch = try Scratch("not-sqlite")
        defer { scratch.remove() }
        let spec = try scratch.write("one.yaml", oneRunSpec)
        let store = try scratch.write("notes.sqlite", "these are my notes, not a database\n")
        for command in [["run", spec], ["verify", spec], ["list"], ["status", spec], ["export", spec]] {
            try expectRefused(command, store: store, in: scratch.url, message: "not an SQLite database")
        }
        #expect(FileManager.default.contents(atPath: store) == Data("these are my notes, not a database\n".utf8))
    }

    @Test("a directory given as the store is refused")
    func directory() throws {
        let scratch = try Scratch("dir-store")
        defer { scratch.remove() }
        let spec = try scratch.write("one.yaml", oneRunSpec)
        let store = scratch.path("a-directory")
        try FileManager.default.createDirectory(atPath: store, withIntermediateDirectories: true)
        try expectRefused(["run", spec], store: store, in: scratch.url, message: "is a directory")
    }

    @Test("a store from a newer schema version is refused, for writing and for reading")
    func newerSchema() throws {
        let scratch = try Scratch("newer")
        defer { scratch.remove() }
        let spec = try scratch.write("one.yaml", oneRunSpec)
        let store = scratch.path("store.sqlite")
        #expect(try Repro.run(["run", spec, "--db", store, "--quiet"], in: scratch.url).status == 0)
        let queue = try DatabaseQueue(path: store)
        try queue.write { db in try db.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('v7')") }
        try queue.close()
        let message = "store was written by a newer repro (schema v7; this build knows v\(ResultStore.schemaVersion))"
        for command in [["run", spec], ["run", spec, "--rerun"], ["verify", spec], ["list"], ["status", spec]] {
            try expectRefused(command, store: store, in: scratch.url, message: message)
        }
    }

    @Test("a truncated store is reported as damaged and not written")
    func truncated() throws {
        let scratch = try Scratch("truncated")
        defer { scratch.remove() }
        let spec = try scratch.write("one.yaml", oneRunSpec)
        let store = scratch.path("store.sqlite")
        #expect(try Repro.run(["run", spec, "--db", store, "--quiet"], in: scratch.url).status == 0)
        let bytes = try #require(FileManager.default.contents(atPath: store))
        #expect(bytes.count >= 8192)
        try bytes.prefix(bytes.count / 2).write(to: URL(fileURLWithPath: store))
        try expectRefused(["run", spec, "--rerun"], store: store, in: scratch.url, message: "damaged store")
    }

    @Test("a store locked by another process past the busy timeout is one line, and nothing is written")
    func lockedPastTheBusyTimeout() throws {
        let scratch = try Scratch("locked")
        defer { scratch.remove() }
        let spec = try scratch.write("one.yaml", oneRunSpec)
        let store = scratch.path("store.sqlite")
        _ = try ResultStore(path: store)
        let queue = try DatabaseQueue(path: store)
        try queue.writeWithoutTransaction { db in
            try db.execute(sql: "BEGIN EXCLUSIVE")
            try expectRefused(["run", spec], store: store, in: scratch.url,
                              message: "database is locked by another connection (busy timeout 1 s)",
                              env: ["REPRO_BUSY_TIMEOUT": "1"])
            try db.execute(sql: "ROLLBACK")
        }
        try queue.close()
        let bad = try Repro.run(["list", "--db", store], in: scratch.url, env: ["REPRO_BUSY_TIMEOUT": "soon"])
        #expect(bad.status == 2)
        #expect(bad.stderr == "repro: REPRO_BUSY_TIMEOUT: expected seconds in 0...86400, got 'soon'\n")
        // Once the lock is gone the same command succeeds.
        let result = try Repro.run(["run", spec, "--db", store, "--quiet"], in: scratch.url, env: ["REPRO_BUSY_TIMEOUT": "1"])
        #expect(result.status == 0, "\(result.stderr)")
    }

    /// Runs commands as another user: `setpriv` to `nobody` when root (root ignores file
    /// modes), nothing otherwise.
    static let asUnprivileged: [String]? = {
        if getuid() != 0 { return [] }
        return FileManager.default.isExecutableFile(atPath: "/usr/bin/setpriv")
            ? ["/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"] : nil
    }()

    @Test("a store file without write permission, or in a directory without it, is refused",
          .enabled(if: asUnprivileged != nil, "needs setpriv to drop root's privileges"))
    func withoutWritePermission() throws {
        let prefix = try #require(Self.asUnprivileged)
        let scratch = try Scratch("permissions")
        defer { scratch.remove() }
        try FileManager.default.setAttributes([.posixPermissions: 0o777], ofItemAtPath: scratch.url.path)
        let spec = try scratch.write("one.yaml", oneRunSpec)
        let store = scratch.path("store.sqlite")
        #expect(try Repro.run(["run", spec, "--db", store, "--quiet"], in: scratch.url).status == 0)
        try FileManager.default.setAttributes([.posixPermissions: 0o444], ofItemAtPath: store)
        let before = storeFingerprint(store)
        let result = try Repro.run(["run", spec, "--rerun", "--db", store], in: scratch.url, prefix: prefix)
        #expect(result.status == 2 && result.stderrLines.count == 1, "\(result.stderr)")
        #expect(result.stderr.hasPrefix("repro: \(store): cannot open: the file is read-only for this user"), "\(result.stderr)")
        #expect(storeFingerprint(store) == before)
        // A new store in a directory this user cannot write.
        let closed = scratch.path("closed")
        try FileManager.default.createDirectory(atPath: closed, withIntermediateDirectories: false,
                                                attributes: [.posixPermissions: getuid() == 0 ? 0o755 : 0o555])
        let fresh = closed + "/store.sqlite"
        let denied = try Repro.run(["run", spec, "--db", fresh], in: scratch.url, prefix: prefix)
        #expect(denied.status == 2 && denied.stderrLines.count == 1, "\(denied.stderr)")
        #expect(denied.stderr.contains("directory \(closed) is not writable"), "\(denied.stderr)")
        #expect(!FileManager.default.fileExists(atPath: fresh))
    }

    @Test("a read-only store file is refused before anything is written",
          .enabled(if: Tmpfs.available, "needs root to mount a read-only tmpfs (root ignores file modes)"))
    func readOnly() throws {
        let scratch = try Scratch("read-only")
        defer { scratch.remove() }
        let spec = try scratch.write("one.yaml", oneRunSpec)
        let mount = try Tmpfs(kilobytes: 4096)
        defer { mount.unmount() }
        let store = mount.path("store.sqlite")
        #expect(try Repro.run(["run", spec, "--db", store, "--quiet"], in: scratch.url).status == 0)
        #expect(mount.remount(readOnly: true))
        try expectRefused(["run", spec, "--rerun"], store: store, in: scratch.url, message: "the file is read-only")
        try expectRefused(["verify", spec], store: store, in: scratch.url, message: "the file is read-only")
        // Reading needs the -shm file SQLite cannot create on a read-only file system: said so.
        try expectRefused(["list"], store: store, in: scratch.url, message: "needs to create the store's -shm file")
    }

    @Test("a full disk stops the command with one line and leaves the store as it was",
          .enabled(if: Tmpfs.available, "needs root to mount a small tmpfs"))
    func fullDisk() throws {
        let scratch = try Scratch("full")
        defer { scratch.remove() }
        let spec = try scratch.write("one.yaml", oneRunSpec)
        let mount = try Tmpfs(kilobytes: 1024)
        defer { mount.unmount() }
        let store = mount.path("store.sqlite")
        #expect(try Repro.run(["run", spec, "--db", store, "--quiet"], in: scratch.url).status == 0)
        mount.fill("filler")
        try expectRefused(["run", spec, "--rerun", "--set", "iterations=40"], store: store, in: scratch.url,
                          message: "the disk is full")
        // With space again, the store holds exactly its one run and takes the new one.
        try FileManager.default.removeItem(atPath: mount.path("filler"))
        #expect(try ResultStore(readingAt: store).specSummaries().first?.runCounts["ok"] == 1)
        let again = try Repro.run(["run", spec, "--db", store, "--quiet", "--set", "iterations=40"], in: scratch.url)
        #expect(again.status == 0, "\(again.stderr)")
        // A disk that fills while a run is being written: that run's transaction is rolled back
        // whole, and the runs stored before are intact (the command did write: it registered the
        // spec again before the run failed, so the file's bytes may differ).
        mount.fill("filler", leaving: 96 * 1024)
        let big = try Repro.run(["run", spec, "--db", store, "--quiet", "--set", "iterations=4000"], in: scratch.url)
        #expect(big.status == 2, "\(big.stdout) \(big.stderr)")
        #expect(big.stderrLines.count == 1 && big.stderr.contains("the disk is full"), "\(big.stderr)")
        try FileManager.default.removeItem(atPath: mount.path("filler"))
        let queue = try DatabaseQueue(path: store)
        let (check, runs, metricRuns) = try queue.read { db in
            (try String.fetchOne(db, sql: "PRAGMA integrity_check"),
             try Int.fetchOne(db, sql: "SELECT count(*) FROM runs"),
             try Int.fetchOne(db, sql: "SELECT count(DISTINCT run_id) FROM metrics"))
        }
        try queue.close()
        #expect(check == "ok")
        #expect(runs == 2 && metricRuns == 2)
    }
}
