internal import GRDB

/// The ids of metric and series names in table `names`, looked up once per write and
/// inserted when new.
struct NameTable {
    private var ids: [String: Int64] = [:]

    /// The id of `name`, inserting it into `names` when it is not there.
    mutating func id(of name: String, _ db: Database) throws -> Int64 {
        if let id = ids[name] { return id }
        let id: Int64
        if let stored = try Int64.fetchOne(db, sql: "SELECT id FROM names WHERE name = ?", arguments: [name]) {
            id = stored
        } else {
            try db.execute(sql: "INSERT INTO names (name) VALUES (?)", arguments: [name])
            id = db.lastInsertedRowID
        }
        ids[name] = id
        return id
    }
}
