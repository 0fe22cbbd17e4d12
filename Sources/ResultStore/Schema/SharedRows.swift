internal import GRDB

/// The rows runs share (tables `names`, `points`, `provenances`), found or added during one
/// write and remembered for the rest of it.
struct SharedRows {
    private var names: [String: Int64] = [:]
    private var points: [PointKey: Int64] = [:]
    private var provenances: [ProvenanceRow: Int64] = [:]

    private struct PointKey: Hashable {
        var model: String
        var version: Int
        var parameters: String
    }

    /// The id of metric or series name `name`, added to `names` when new.
    mutating func name(_ name: String, _ db: Database) throws -> Int64 {
        if let id = names[name] { return id }
        let id: Int64
        if let stored = try Int64.fetchOne(db, sql: "SELECT id FROM names WHERE name = ?", arguments: [name]) {
            id = stored
        } else {
            try db.execute(sql: "INSERT INTO names (name) VALUES (?)", arguments: [name])
            id = db.lastInsertedRowID
        }
        names[name] = id
        return id
    }

    /// The id of the point (model, version, canonical parameter JSON), added when new.
    mutating func point(model: String, version: Int, parameters: String, _ db: Database) throws -> Int64 {
        let key = PointKey(model: model, version: version, parameters: parameters)
        if let id = points[key] { return id }
        let digest = Self.digest(parameters)
        let id: Int64
        if let stored = try Int64.fetchOne(db, sql: """
            SELECT id FROM points WHERE digest = ? AND model = ? AND model_version = ? AND params_json = ? LIMIT 1
            """, arguments: [digest, model, version, parameters]) {
            id = stored
        } else {
            try db.execute(sql: "INSERT INTO points (digest, model, model_version, params_json) VALUES (?, ?, ?, ?)",
                           arguments: [digest, model, version, parameters])
            id = db.lastInsertedRowID
        }
        points[key] = id
        return id
    }

    /// The id of the provenance row holding `row`'s combination, added when new.
    mutating func provenance(_ row: ProvenanceRow, _ db: Database) throws -> Int64 {
        let combination = row.combination
        if let id = provenances[combination] { return id }
        let id = try ProvenanceRow.id(of: combination, db)
        provenances[combination] = id
        return id
    }

    /// Every name of `names`, by id.
    static func names(_ db: Database) throws -> [Int64: String] {
        var names: [Int64: String] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT id, name FROM names") { names[row[0]] = row[1] }
        return names
    }

    /// 64-bit FNV-1a of the UTF-8 bytes of `text`, as SQLite's signed integer.
    static func digest(_ text: String) -> Int64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash &*= 0x0000_0100_0000_01b3
        }
        return Int64(bitPattern: hash)
    }
}
