import Foundation
internal import GRDB

/// Why a results store could not be opened, read or written.
///
/// Every case names the store file; `description` is one line that starts with the path,
/// e.g. `results/x.sqlite: not an SQLite database`.
public enum StoreError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The parent directory of a new store could not be created.
    case cannotCreateDirectory(path: String, directory: String, reason: String)
    /// The store file does not exist (read-only open).
    case fileNotFound(path: String)
    /// The file exists but SQLite cannot open it (permissions, a directory, …).
    case cannotOpen(path: String, reason: String)
    /// The file exists but is not an SQLite database.
    case notADatabase(path: String)
    /// The file is an SQLite database without the tables of a results store.
    case notAStore(path: String)
    /// The store was migrated by a newer build of repro: this build must not read or write it.
    /// `storedVersion` is nil when the unknown migration identifiers carry no version number.
    case newerSchema(path: String, storedVersion: Int?, knownVersion: Int, unknownMigrations: [String])
    /// The store has an older schema, and a read-only open cannot upgrade it.
    case outdatedSchema(path: String, storedVersion: Int, knownVersion: Int)
    /// A write was attempted on a store opened with `init(readingAt:)`.
    case readOnly(path: String)
    /// Another connection held a lock for longer than the busy timeout (`timeoutSeconds`).
    case busy(path: String, timeoutSeconds: Double)
    /// The caller passed something the store cannot accept (an invalid status, a series whose
    /// steps and values differ in length, a link to an unknown run, …).
    case invalidInput(path: String, message: String)
    /// A stored value cannot be decoded (a hand-edited or damaged file).
    case corrupt(path: String, message: String)
    /// The disk (or the store's size limit) is full: the write of `operation` was rolled back.
    case diskFull(path: String, operation: String)
    /// Any other SQLite failure, with what the store was doing.
    case database(path: String, operation: String, message: String)

    /// The store file the error is about.
    public var path: String {
        switch self {
        case .cannotCreateDirectory(let path, _, _), .fileNotFound(let path),
             .cannotOpen(let path, _), .notADatabase(let path), .notAStore(let path),
             .newerSchema(let path, _, _, _), .outdatedSchema(let path, _, _), .readOnly(let path),
             .busy(let path, _), .invalidInput(let path, _), .corrupt(let path, _),
             .diskFull(let path, _), .database(let path, _, _):
            return path
        }
    }

    /// One line naming the file, e.g. `results/x.sqlite: not an SQLite database`.
    public var description: String {
        let text: String
        switch self {
        case .cannotCreateDirectory(_, let directory, let reason):
            text = "cannot create directory \(directory): \(reason)"
        case .fileNotFound:
            text = "no such file"
        case .cannotOpen(_, let reason):
            text = "cannot open: \(reason)"
        case .notADatabase:
            text = "not an SQLite database"
        case .notAStore:
            text = "SQLite database without the tables of a repro results store"
        case .newerSchema(_, let stored?, let known, _):
            text = "store was written by a newer repro (schema v\(stored); this build knows v\(known))"
        case .newerSchema(_, nil, let known, let unknown):
            text = "store was written by a newer repro (unknown migrations \(unknown.joined(separator: ", "));"
                + " this build knows v\(known))"
        case .outdatedSchema(_, let stored, let known):
            text = "store has schema v\(stored) and this build needs v\(known):"
                + " open it for writing once (e.g. with `repro run`) to upgrade it"
        case .readOnly:
            text = "store was opened read-only"
        case .busy(_, let timeout):
            text = "database is locked by another connection (busy timeout \(Self.seconds(timeout)) s)"
        case .invalidInput(_, let message):
            text = message
        case .corrupt(_, let message):
            text = "damaged store: \(message)"
        case .diskFull(_, let operation):
            text = "\(operation) failed: the disk is full; nothing of it was written (free space and run again)"
        case .database(_, let operation, let message):
            text = "\(operation) failed: \(message)"
        }
        return Self.oneLine("\(path): \(text)")
    }

    /// `30` for whole seconds, `0.5` otherwise.
    static func seconds(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e9 ? String(Int(value)) : String(value)
    }

    /// Free space below which an I/O error is reported as a full disk, in bytes.
    static let nearlyFull: Int64 = 64 * 1024

    /// Free bytes of the file system that holds `path`'s directory, if the system says.
    static func freeBytes(nextTo path: String) -> Int64? {
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent().path
        let attributes = try? FileManager.default.attributesOfFileSystem(forPath: directory)
        return (attributes?[.systemFreeSize] as? NSNumber)?.int64Value
    }

    /// Collapses line breaks so that the description stays on one line.
    static func oneLine(_ text: String) -> String {
        String(text.unicodeScalars.map { $0 == "\n" || $0 == "\r" ? " " : Character($0) })
    }
}

/// A stored value that cannot be decoded; becomes `StoreError.corrupt` once the path is known.
struct CorruptValue: Error {
    var message: String
}

extension StoreError {
    /// Maps any error thrown while using the database at `path` during `operation`
    /// (e.g. "recording run 3fa2…") to a `StoreError`; `busyTimeout` is the wait (seconds)
    /// a lock error reports.
    init(_ error: any Error, path: String, operation: String, busyTimeout: Double = ResultStore.busyTimeout) {
        switch error {
        case let error as StoreError:
            self = error
        case let error as CorruptValue:
            self = .corrupt(path: path, message: error.message)
        case let error as RowDecodingError:
            self = .corrupt(path: path, message: String(describing: error))
        case let error as DatabaseError:
            let message = error.message ?? String(describing: error.resultCode)
            switch error.resultCode {
            case .SQLITE_NOTADB:
                self = .notADatabase(path: path)
            case .SQLITE_BUSY, .SQLITE_LOCKED:
                self = .busy(path: path, timeoutSeconds: busyTimeout)
            case .SQLITE_CANTOPEN:
                self = .cannotOpen(path: path, reason: message)
            case .SQLITE_CORRUPT:
                self = .corrupt(path: path, message: message)
            case .SQLITE_FULL:
                self = .diskFull(path: path, operation: operation)
            case .SQLITE_IOERR where Self.freeBytes(nextTo: path).map({ $0 < Self.nearlyFull }) == true:
                // A full disk often shows as an I/O error (e.g. SQLite cannot map its -shm file).
                self = .diskFull(path: path, operation: operation)
            case .SQLITE_READONLY:
                self = .cannotOpen(path: path, reason: "the store is read-only (\(message))")
            default:
                self = .database(path: path, operation: operation, message: message)
            }
        default:
            self = .database(path: path, operation: operation, message: String(describing: error))
        }
    }
}
