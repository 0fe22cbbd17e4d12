/// A matrix a model receives as data: the value of a `matrixFile` parameter once the data
/// layer (the `DataInputs` module, called when a spec is loaded) has read its file. Models do
/// no I/O; they read this through `ParameterSet.matrix(_:)`.
///
/// The run's identity holds `contentHash`, not `source`: editing the file gives new run keys,
/// and moving or renaming it keeps them (`canonicalText`).
public struct MatrixInput: Sendable, Hashable, Codable, CustomStringConvertible {
    /// Number of rows, n.
    public let rows: Int
    /// Number of columns, d.
    public let columns: Int
    /// The n·d entries, column-major (entry (i, j) at `i + j·rows`).
    public let entries: [Double]
    /// Hex SHA-256 of the file's bytes.
    public let contentHash: String
    /// The path as the spec gave it: for messages and tables only.
    public let source: String

    /// Creates an input from its parts; `entries` must hold `rows · columns` values, column-major.
    public init(rows: Int, columns: Int, entries: [Double], contentHash: String, source: String) {
        self.rows = rows
        self.columns = columns
        self.entries = entries
        self.contentHash = contentHash
        self.source = source
    }

    /// Entry (i, j).
    public subscript(i: Int, j: Int) -> Double { entries[i + j * rows] }

    /// Inputs are equal when read from equal bytes at the same path (the content hash stands
    /// for the entries).
    public static func == (a: MatrixInput, b: MatrixInput) -> Bool {
        a.contentHash == b.contentHash && a.source == b.source && a.rows == b.rows && a.columns == b.columns
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(contentHash)
        hasher.combine(source)
    }

    /// The form in canonical parameters (and so in the run key and seeds): `"sha256:<hex>"`.
    public var canonicalText: String { ParameterValue.jsonQuoted("sha256:" + contentHash) }

    /// The path, as given.
    public var description: String { source }
}
