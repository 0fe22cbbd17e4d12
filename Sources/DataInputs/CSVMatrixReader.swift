import ExperimentKit
import Foundation

/// Reads a dense real matrix from a CSV file (UTF-8): one matrix row per line, fields
/// separated by commas (spaces around fields allowed), blank lines skipped, and an optional
/// header line whose fields are all non-numeric. Every entry must be finite.
public enum CSVMatrixReader {
    /// Parses the bytes of a CSV file at `path` (the input's `source`, and the file named in
    /// errors); the input's content hash is the SHA-256 of `bytes`.
    public static func parse(_ bytes: [UInt8], path: String) throws(MatrixFileError) -> MatrixInput {
        let text = String(decoding: bytes, as: UTF8.self)
        var rows: [[Double]] = []
        var width = 0
        var lineNumber = 0
        for rawLine in text.split(separator: "\n", omittingEmptySubsequences: false) {
            lineNumber += 1
            let line = rawLine.trimmingCharacters(in: .whitespacesAndNewlines)
            if line.isEmpty { continue }
            let fields = line.split(separator: ",", omittingEmptySubsequences: false)
                .map { $0.trimmingCharacters(in: .whitespaces) }
            let values = fields.map { Double($0) }
            if rows.isEmpty && width == 0 && values.allSatisfy({ $0 == nil }) && lineNumber == firstContentLine(text) {
                continue  // header
            }
            if let bad = fields.indices.first(where: { values[$0] == nil }) {
                throw .notANumber(path: path, line: lineNumber, field: fields[bad])
            }
            let row = values.map { $0 ?? .nan }
            if let j = row.firstIndex(where: { !$0.isFinite }) {
                throw .nonFinite(path: path, location: "line \(lineNumber), field \(j + 1)")
            }
            if rows.isEmpty { width = row.count } else if row.count != width {
                throw .raggedRow(path: path, line: lineNumber, found: row.count, expected: width)
            }
            rows.append(row)
        }
        guard !rows.isEmpty else { throw .empty(path: path) }
        var columnMajor = [Double](repeating: 0, count: rows.count * width)
        for (i, row) in rows.enumerated() { for j in 0..<width { columnMajor[i + j * rows.count] = row[j] } }
        return MatrixInput(rows: rows.count, columns: width, entries: columnMajor,
                           contentHash: RunIdentity.sha256Hex(bytes), source: path)
    }

    /// The 1-based number of the first non-blank line.
    static func firstContentLine(_ text: String) -> Int {
        var n = 0
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            n += 1
            if !line.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { return n }
        }
        return n
    }
}
