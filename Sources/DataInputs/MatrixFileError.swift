/// Why a matrix file (a `matrixFile` parameter) could not be read, as one line naming the
/// file and, for CSV, the line.
public enum MatrixFileError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file could not be opened.
    case unreadable(path: String, reason: String)
    /// The extension is neither .csv nor .npy.
    case unknownFormat(path: String)
    /// A CSV field is not a number.
    case notANumber(path: String, line: Int, field: String)
    /// A CSV line has a different number of fields than the first data line.
    case raggedRow(path: String, line: Int, found: Int, expected: Int)
    /// An entry is NaN or ±Inf (CSV: its line; NPY: its flat index in file order).
    case nonFinite(path: String, location: String)
    /// The file holds no data rows.
    case empty(path: String)
    /// The .npy header or payload is malformed (what is wrong).
    case malformedNPY(path: String, reason: String)

    /// One line naming the file (and line) and what is wrong.
    public var description: String {
        switch self {
        case let .unreadable(path, reason): return "\(path): cannot read the matrix file (\(reason))"
        case let .unknownFormat(path): return "\(path): unknown matrix file format (expected a .csv or .npy file)"
        case let .notANumber(path, line, field): return "\(path):\(line): '\(field)' is not a number"
        case let .raggedRow(path, line, found, expected):
            return "\(path):\(line): \(found) fields, but the first data row has \(expected)"
        case let .nonFinite(path, location): return "\(path): \(location): entry is NaN or infinite"
        case let .empty(path): return "\(path): the matrix file has no data rows"
        case let .malformedNPY(path, reason): return "\(path): malformed .npy file: \(reason)"
        }
    }
}
