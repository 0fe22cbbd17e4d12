import ExperimentKit
import NumericsCore

/// The file family: the observed entries as the rows `i, j, value` of an N×3 matrix file
/// (`.csv` or `.npy`, read by the data layer), indices counted from `index_base` (0 or 1), of
/// an m×n matrix; optionally the full m×n ground truth as a second file. Every check names the
/// file and the entry's row: an index that is not an integer or not within the shape, an entry
/// given twice, a value that is not finite (the readers refuse those first).
enum EntriesFile {
    /// The problem of `entries` (and `truth`), or a `ParameterError` naming the key and file.
    static func problem(entries: MatrixInput, truth: MatrixInput?, rows m: Int, columns n: Int, rank k: Int,
                        indexBase: Int) throws(ParameterError) -> CompletionProblem {
        let key = "entries_file"
        guard entries.columns == 3 else {
            throw ParameterError(key: key, message: "\(entries.source): has \(entries.columns) columns; the entries are "
                + "rows `i, j, value` (3 columns)")
        }
        let count = entries.rows
        var rowOf = [Int32](repeating: 0, count: count), columnOf = [Int](repeating: 0, count: count)
        var starts = [Int](repeating: 0, count: n + 1)
        for e in 0..<count {
            let i = try index(entries[e, 0], base: indexBase, limit: m, name: "row index i", symbol: "m", entry: e,
                              source: entries.source)
            let j = try index(entries[e, 1], base: indexBase, limit: n, name: "column index j", symbol: "n", entry: e,
                              source: entries.source)
            guard entries[e, 2].isFinite else {
                throw ParameterError(key: key, message: "\(entries.source): row \(e + 1): the value is not finite")
            }
            rowOf[e] = Int32(truncatingIfNeeded: i)
            columnOf[e] = j
            starts[j + 1] += 1
        }
        for j in 0..<n { starts[j + 1] += starts[j] }
        // Column by column (a counting sort keeps file order within a column), then rows sorted.
        var order = [Int](repeating: 0, count: count)
        var next = starts
        for e in 0..<count {
            order[next[columnOf[e]]] = e
            next[columnOf[e]] += 1
        }
        var indices = [Int32](repeating: 0, count: count), values = [Double](repeating: 0, count: count)
        for j in 0..<n {
            let slice = order[starts[j]..<starts[j + 1]].sorted { (rowOf[$0], $0) < (rowOf[$1], $1) }
            for (p, e) in slice.enumerated() {
                if p > 0, rowOf[slice[p - 1]] == rowOf[e] {
                    throw ParameterError(key: key, message: "\(entries.source): row \(e + 1): the entry "
                        + "(\(Int(rowOf[e]) + indexBase), \(j + indexBase)) is also row \(slice[p - 1] + 1)")
                }
                indices[starts[j] + p] = rowOf[e]
                values[starts[j] + p] = entries[e, 2]
            }
        }
        guard count >= k else {
            throw ParameterError(key: key, message: "\(entries.source): \(count) entries are fewer than the rank k = \(k)")
        }
        let byColumn = CompressedEntries(outerCount: n, innerCount: m, starts: starts, indices: indices, values: values)
        var known = GroundTruth.unknown
        if let truth {
            guard truth.rows == m, truth.columns == n else {
                throw ParameterError(key: "truth_file", message: "\(truth.source): is \(truth.rows)×\(truth.columns), the "
                    + "entries are of an \(m)×\(n) matrix (m × n)")
            }
            let matrix = Matrix(rows: m, columns: n, columnMajor: truth.entries)
            guard matrix.frobeniusNorm > 0 else {
                throw ParameterError(key: "truth_file", message: "\(truth.source): is zero; the relative error needs ‖M‖ > 0")
            }
            known = .dense(matrix)
        }
        return CompletionProblem(observed: ObservedEntries(byColumn: byColumn), rank: k, truth: known)
    }

    /// The 0-based index of `value`, which counts from `base` and must be below `limit` + base.
    private static func index(_ value: Double, base: Int, limit: Int, name: String, symbol: String, entry e: Int,
                              source: String) throws(ParameterError) -> Int {
        guard value == value.rounded(), abs(value) < 9e15 else {
            throw ParameterError(key: "entries_file", message: "\(source): row \(e + 1): the \(name) \(value) is not an integer")
        }
        let i = Int(value) - base
        guard i >= 0, i < limit else {
            throw ParameterError(key: "entries_file", message: "\(source): row \(e + 1): the \(name) \(Int(value)) is "
                + "outside \(base)...\(limit - 1 + base) (\(symbol) = \(limit), index_base = \(base))")
        }
        return i
    }
}
