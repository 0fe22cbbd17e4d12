import ResultStore

/// A table of text cells on its way to CSV: a header, rows of the same width, and which
/// columns hold parameters (the ones `--only-changed` may drop).
public struct Table: Sendable, Equatable {
    /// Column names.
    public var header: [String]
    /// Rows, each with one cell per column.
    public var rows: [[String]]
    /// Names of the columns that hold parameter values.
    public var parameterColumns: Set<String>

    /// Creates a table.
    public init(header: [String], rows: [[String]] = [], parameterColumns: Set<String> = []) {
        self.header = header
        self.rows = rows
        self.parameterColumns = parameterColumns
    }

    /// RFC 4180 CSV (see `CSV`): the header line, then one line per row.
    public var csv: String {
        ([header] + rows).map(CSV.row).joined()
    }

    /// The lines of `csv`, one at a time (a large table is written without building its
    /// whole text).
    public var csvLines: LazyMapSequence<[[String]], String> {
        ([header] + rows).lazy.map(CSV.row)
    }

    /// The table without the parameter columns whose cell is the same in every row
    /// (`--only-changed`). A table without rows keeps all its columns.
    public func onlyChanged() -> Table {
        guard let first = rows.first else { return self }
        let keep = header.indices.filter { i in
            !parameterColumns.contains(header[i]) || rows.contains { $0[i] != first[i] }
        }
        return Table(header: keep.map { header[$0] }, rows: rows.map { row in keep.map { row[$0] } },
                     parameterColumns: parameterColumns)
    }

    /// The table without the columns named in `names`.
    public func withoutColumns(_ names: Set<String>) -> Table {
        let keep = header.indices.filter { !names.contains(header[$0]) }
        return Table(header: keep.map { header[$0] }, rows: rows.map { row in keep.map { row[$0] } },
                     parameterColumns: parameterColumns)
    }

    /// One key of `--sort`: a column, ascending unless written `-column`.
    public struct SortKey: Sendable, Equatable {
        /// The column name.
        public var column: String
        /// True for `-column`.
        public var descending: Bool

        /// Parses `column` or `-column`.
        public init(parsing text: String) {
            descending = text.hasPrefix("-")
            column = descending ? String(text.dropFirst()) : text
        }
    }

    /// The rows sorted by `keys` (first key first; stable, so ties keep their order). Cells
    /// that both read as numbers (`inf`, `nan` included; NaN sorts last) compare as numbers,
    /// others as text; an empty cell sorts after every other. Throws `unknownColumn` with the
    /// first key that names no column.
    public func sorted(by keys: [SortKey]) throws(TableError) -> Table {
        var indices: [(Int, Bool)] = []
        for key in keys {
            guard let i = header.firstIndex(of: key.column) else {
                throw .unknownColumn(key.column, columns: header)
            }
            indices.append((i, key.descending))
        }
        let order = rows.indices.sorted { a, b in
            for (i, descending) in indices {
                let c = Self.compare(rows[a][i], rows[b][i])
                if c != 0 { return descending ? c > 0 : c < 0 }
            }
            return a < b
        }
        return Table(header: header, rows: order.map { rows[$0] }, parameterColumns: parameterColumns)
    }

    /// −1, 0 or 1: numbers numerically (NaN last), else text; empty cells last.
    static func compare(_ a: String, _ b: String) -> Int {
        if a == b { return 0 }
        if a.isEmpty { return 1 }
        if b.isEmpty { return -1 }
        if let x = Double(a), let y = Double(b) {
            if x.isNaN || y.isNaN { return x.isNaN ? (y.isNaN ? 0 : 1) : -1 }
            return x < y ? -1 : (x > y ? 1 : 0)
        }
        return a < b ? -1 : 1
    }
}

/// Why a table operation was refused.
public enum TableError: Error, Sendable, Equatable, CustomStringConvertible {
    /// `--sort` named a column the table does not have.
    case unknownColumn(String, columns: [String])

    /// One line for the user.
    public var description: String {
        switch self {
        case let .unknownColumn(name, columns):
            return "--sort: no column '\(name)' in the table (columns: \(columns.joined(separator: ", ")))"
        }
    }
}
