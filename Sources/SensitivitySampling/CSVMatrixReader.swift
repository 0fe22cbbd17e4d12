import Foundation
import NumericsCore

/// Reads a dense real matrix from a CSV file: one matrix row per line, fields separated by
/// commas (spaces around fields allowed), blank lines skipped, and an optional header line
/// whose fields are all non-numeric. Every entry must be finite.
public enum CSVMatrixReader {
    /// Parses `text` (the content of `path`, which is only used in error messages).
    public static func parse(_ text: String, path: String) throws(MatrixFileError) -> Matrix {
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
        return Matrix(rows)
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
