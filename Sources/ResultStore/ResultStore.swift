import Foundation
internal import GRDB

/// A results store: one SQLite file (default `results/repro.sqlite`) holding every run with
/// its metrics, series, provenance and spec membership, and the claim verdicts of each spec.
///
/// Open it with `init(path:)` to write (several processes may write one file: WAL mode and a
/// busy timeout) or with `init(readingAt:)` to read without modifying the file. Instances are
/// safe to share between threads and tasks; every method is synchronous and blocks while it
/// waits for the database.
public final class ResultStore: Sendable {
    /// How long a write waits for another connection's write lock before failing, in seconds,
    /// unless the store is opened with another `busyTimeout`.
    public static let busyTimeout: Double = 30

    /// The schema version this build reads and writes (the number of its migrations).
    public static var schemaVersion: Int { Schema.knownVersion }

    /// The store file, as given when opened.
    public let path: String

    /// True when opened with `init(readingAt:)`: every write throws `StoreError.readOnly`.
    public let isReadOnly: Bool

    /// How long this store's connections wait for another connection's lock, in seconds.
    public let busyTimeoutSeconds: Double

    /// The connection(s): a `DatabasePool` when writable, a read-only `DatabaseQueue` otherwise
    /// (or a queue on a migrated copy, for a store of an older schema opened for reading).
    let database: any DatabaseWriter

    /// The folder of the migrated copy read in place of a store of an older schema; removed
    /// when the store is released.
    private let migratedCopy: String?

    /// Opens a store for writing, creating the parent directory and the file if needed and
    /// migrating the file to this build's schema. WAL mode, busy timeout `busyTimeout`.
    ///
    /// Throws `notADatabase` or `newerSchema` without writing to an existing file that is not
    /// a store or was written by a newer repro, and `cannotOpen` for a file or directory that
    /// this user cannot write (SQLite would open it read-only or fail later, less clearly).
    /// `busyTimeout` (seconds) bounds every wait for another connection's lock.
    public init(path: String, busyTimeout: Double = ResultStore.busyTimeout) throws(StoreError) {
        self.path = path
        isReadOnly = false
        busyTimeoutSeconds = busyTimeout
        try Self.createParentDirectory(of: path)
        try Self.refuseDirectory(at: path)
        try Self.refuseUnwritable(at: path)
        try Self.refuseNewerSchema(at: path, busyTimeout: busyTimeout)
        let pool = try Self.openPool(path: path, busyTimeout: busyTimeout)
        try Self.migrate(pool, path: path, busyTimeout: busyTimeout)
        database = pool
        migratedCopy = nil
    }

    deinit {
        if let migratedCopy { try? FileManager.default.removeItem(atPath: migratedCopy) }
    }

    /// Opens an existing store read-only. The file is never modified: no migration, no
    /// checkpoint (SQLite may create empty `-wal`/`-shm` side files next to a WAL store). A
    /// store of an older schema is copied (SQLite's online backup) into a temporary folder and
    /// the copy migrated and read; `merge` reads stores of earlier schemas so.
    ///
    /// Throws `fileNotFound` (creating nothing), `notADatabase`, `notAStore` or `newerSchema`.
    public init(readingAt path: String, busyTimeout: Double = ResultStore.busyTimeout) throws(StoreError) {
        self.path = path
        isReadOnly = true
        busyTimeoutSeconds = busyTimeout
        guard FileManager.default.fileExists(atPath: path) else {
            throw StoreError.fileNotFound(path: path)
        }
        try Self.refuseDirectory(at: path)
        let queue: DatabaseQueue
        do {
            let original = try DatabaseQueue(path: path, configuration: Self.configuration(readonly: true, busyTimeout: busyTimeout))
            do {
                try original.read { db in try Schema.checkCurrent(db, path: path) }
                queue = original
                migratedCopy = nil
            } catch StoreError.outdatedSchema {
                let folder = FileManager.default.temporaryDirectory.appendingPathComponent("repro-migrated-\(UUID().uuidString)")
                try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
                do {
                    let copy = try DatabaseQueue(path: folder.appendingPathComponent("store.sqlite").path,
                                                 configuration: Self.configuration(readonly: false, busyTimeout: busyTimeout))
                    try original.backup(to: copy)
                    try Schema.migrator.migrate(copy)
                    queue = copy
                } catch {
                    try? FileManager.default.removeItem(at: folder)
                    throw error
                }
                migratedCopy = folder.path
            }
        } catch let error as DatabaseError where error.resultCode == .SQLITE_CANTOPEN {
            let directory = URL(fileURLWithPath: path).deletingLastPathComponent().path
            if !FileManager.default.isWritableFile(atPath: directory) {
                throw StoreError.cannotOpen(path: path, reason: "directory \(directory) is not writable, and SQLite "
                    + "needs to create the store's -shm file there even to read it; copy the store elsewhere")
            }
            throw StoreError(error, path: path, operation: "opening", busyTimeout: busyTimeout)
        } catch {
            throw StoreError(error, path: path, operation: "opening", busyTimeout: busyTimeout)
        }
        database = queue
    }

    // MARK: - Opening

    private static func configuration(readonly: Bool, busyTimeout: Double) -> Configuration {
        var configuration = Configuration()
        configuration.readonly = readonly
        configuration.foreignKeysEnabled = true
        configuration.busyMode = .timeout(busyTimeout)
        configuration.label = "ResultStore"
        return configuration
    }

    private static func createParentDirectory(of path: String) throws(StoreError) {
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent().path
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory) {
            if isDirectory.boolValue { return }
            throw StoreError.cannotCreateDirectory(path: path, directory: directory, reason: "a file has that name")
        }
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw StoreError.cannotCreateDirectory(
                path: path, directory: directory, reason: Self.reason(error, directory: directory))
        }
    }

    /// A short reason for a failed directory creation: the first existing ancestor that is a
    /// file or not writable, or the system's message (`No such file or directory`).
    private static func reason(_ error: any Error, directory: String) -> String {
        var url = URL(fileURLWithPath: directory)
        while url.path != "/" {
            url.deleteLastPathComponent()
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) {
                if !isDirectory.boolValue { return "\(url.path) is a file" }
                if !FileManager.default.isWritableFile(atPath: url.path) { return "\(url.path) is not writable" }
                break
            }
        }
        let underlying = (error as NSError).userInfo[NSUnderlyingErrorKey] as? any Error
        if let posix = underlying.map({ $0 as NSError }), posix.domain == NSPOSIXErrorDomain {
            return String(cString: strerror(Int32(posix.code)))
        }
        return (error as NSError).localizedDescription
    }

    private static func refuseDirectory(at path: String) throws(StoreError) {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
            throw StoreError.cannotOpen(path: path, reason: "is a directory")
        }
    }

    /// Refuses an existing file this user cannot write, or a directory in which SQLite cannot
    /// create the store's `-wal` and `-shm` side files.
    private static func refuseUnwritable(at path: String) throws(StoreError) {
        let files = FileManager.default
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent().path
        if files.fileExists(atPath: path), !files.isWritableFile(atPath: path) {
            throw StoreError.cannotOpen(path: path, reason: "the file is read-only for this user; "
                + "make it writable, or use another --db")
        }
        if !files.isWritableFile(atPath: directory) {
            throw StoreError.cannotOpen(path: path, reason: "directory \(directory) is not writable "
                + "(SQLite keeps the store's -wal and -shm files next to it)")
        }
    }

    /// Checks an existing file through a read-only connection before a writable pool touches
    /// it (opening a pool already writes: it switches the file to WAL).
    private static func refuseNewerSchema(at path: String, busyTimeout: Double) throws(StoreError) {
        guard FileManager.default.fileExists(atPath: path) else { return }
        do {
            try retryingRaces(for: busyTimeout) {
                let probe = try DatabaseQueue(path: path, configuration: configuration(readonly: true, busyTimeout: busyTimeout))
                try probe.read { db in
                    try Schema.checkStoreOrEmpty(db, path: path)
                    try Schema.checkNotNewer(db, path: path)
                }
            }
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError(error, path: path, operation: "opening", busyTimeout: busyTimeout)
        }
    }

    /// Opens a writable pool in WAL mode. Switching a new file to WAL fails at once with
    /// SQLITE_BUSY (SQLite calls no busy handler there) when another process opens it at the
    /// same moment: such failures are retried for up to `busyTimeout` seconds.
    private static func openPool(path: String, busyTimeout: Double) throws(StoreError) -> DatabasePool {
        let deadline = Date().addingTimeInterval(busyTimeout)
        var delay = 0.002
        while true {
            do {
                return try DatabasePool(path: path, configuration: configuration(readonly: false, busyTimeout: busyTimeout))
            } catch let error as DatabaseError where error.resultCode == .SQLITE_BUSY && Date() < deadline {
                Thread.sleep(forTimeInterval: delay)
                delay = min(2 * delay, 0.1)
            } catch {
                throw StoreError(error, path: path, operation: "opening", busyTimeout: busyTimeout)
            }
        }
    }

    /// Refuses a store of a newer schema, then applies the migrations it lacks.
    private static func migrate(_ pool: DatabasePool, path: String, busyTimeout: Double) throws(StoreError) {
        do {
            try retryingRaces(for: busyTimeout) {
                let before = try pool.read { db in
                    try Schema.checkNotNewer(db, path: path)
                    return try Schema.migrator.appliedIdentifiers(db)
                }
                try Schema.migrator.migrate(pool)
                // The v4 migration rewrites every run into new tables: the space of the old ones
                // is given back once, when it can be (a failed VACUUM leaves a larger file, not a
                // wrong one).
                if !before.isEmpty, !before.contains("v4") { try? pool.vacuum() }
            }
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError(error, path: path, operation: "migrating", busyTimeout: busyTimeout)
        }
    }

    /// Runs `body`, again after a short pause while it fails the way processes creating one
    /// new store at the same moment make each other fail, for up to `seconds`. GRDB applies
    /// each migration in its own transaction after reading which are applied, so of two
    /// processes both may try `v1` and the loser fails ("table runs already exists") while the
    /// winner has not yet applied `v2`, or fail on recording a migration the other has just
    /// recorded ("UNIQUE constraint failed: grdb_migrations.identifier"); a
    /// read-only probe of a file being created can see its schema half-written ("no such
    /// table: grdb_migrations"). The next attempt sees the other process's work done. Other failures (a full disk, an I/O error, a file that is not a
    /// database) are thrown at once.
    private static func retryingRaces(for seconds: Double, _ body: () throws -> Void) throws {
        let deadline = Date().addingTimeInterval(seconds)
        while true {
            do {
                return try body()
            } catch let error as DatabaseError
                where [.SQLITE_ERROR, .SQLITE_BUSY, .SQLITE_LOCKED, .SQLITE_CONSTRAINT].contains(error.resultCode)
                    && Date() < deadline {
                Thread.sleep(forTimeInterval: 0.02)
            }
        }
    }

    // MARK: - Access

    /// Runs `body` in a read transaction, mapping errors to `StoreError`.
    func read<T>(_ operation: @autoclosure () -> String, _ body: (Database) throws -> T) throws(StoreError) -> T {
        do {
            return try database.read(body)
        } catch {
            throw StoreError(error, path: path, operation: operation(), busyTimeout: busyTimeoutSeconds)
        }
    }

    /// Runs `body` in one IMMEDIATE write transaction (all or nothing), mapping errors to
    /// `StoreError`.
    func write<T>(_ operation: @autoclosure () -> String, _ body: (Database) throws -> T) throws(StoreError) -> T {
        if isReadOnly {
            throw StoreError.readOnly(path: path)
        }
        do {
            return try database.write(body)
        } catch {
            throw StoreError(error, path: path, operation: operation(), busyTimeout: busyTimeoutSeconds)
        }
    }
}
