/// One orientation of the observed entries P_Ω(M), compressed: for each outer index o (a column
/// of M in `ObservedEntries.byColumn`, a row in `byRow`), the inner indices of its observed
/// entries in increasing order and their values, at positions `starts[o]..<starts[o + 1]`
/// (CSC or CSR storage). Indices are 32-bit, so |Ω| up to 10⁷ takes 12 bytes an entry.
public struct CompressedEntries: Sendable {
    /// Outer indices: n for columns, m for rows.
    public let outerCount: Int
    /// Inner indices: m for columns, n for rows.
    public let innerCount: Int
    /// outerCount + 1 offsets into `indices` and `values`.
    public let starts: [Int]
    /// The inner index of each entry.
    public let indices: [Int32]
    /// M_ij of each entry.
    public let values: [Double]

    /// Number of entries, |Ω|.
    public var count: Int { indices.count }

    /// The most entries any outer index has.
    public var longest: Int {
        var most = 0
        for o in 0..<outerCount { most = max(most, starts[o + 1] - starts[o]) }
        return most
    }

    /// Entries from their offsets, inner indices and values (the caller sorts each outer run).
    init(outerCount: Int, innerCount: Int, starts: [Int], indices: [Int32], values: [Double]) {
        self.outerCount = outerCount
        self.innerCount = innerCount
        self.starts = starts
        self.indices = indices
        self.values = values
    }

    /// The other orientation (CSC ↔ CSR) by a counting sort: O(|Ω| + m + n), and each outer run
    /// of the result is in increasing inner order because this one's outer runs are visited in order.
    func transposed() -> CompressedEntries {
        var counts = [Int](repeating: 0, count: innerCount + 1)
        for i in indices { counts[Int(i) + 1] += 1 }
        for i in 0..<innerCount { counts[i + 1] += counts[i] }
        let starts = counts
        var next = counts
        var outIndices = [Int32](repeating: 0, count: count)
        var outValues = [Double](repeating: 0, count: count)
        for o in 0..<outerCount {
            for e in self.starts[o]..<self.starts[o + 1] {
                let inner = Int(indices[e])
                let slot = next[inner]
                next[inner] += 1
                outIndices[slot] = Int32(truncatingIfNeeded: o)
                outValues[slot] = values[e]
            }
        }
        return CompressedEntries(outerCount: innerCount, innerCount: outerCount, starts: starts,
                                 indices: outIndices, values: outValues)
    }

    /// out[:, o] = Σ_{e in o} value_e · factor[:, inner_e] for every outer index o: the product
    /// P_Ω(M)·F (rows) or P_Ω(M)ᵀ·F (columns) with the k×innerCount factor F stored by columns
    /// (the k entries of each row of F contiguous). `out` is k×outerCount. O(|Ω|·k).
    func multiply(_ factor: UnsafePointer<Double>, rank k: Int, into out: UnsafeMutablePointer<Double>) {
        indices.withUnsafeBufferPointer { idx in
            values.withUnsafeBufferPointer { val in
                for o in 0..<outerCount {
                    let target = out + o * k
                    for l in 0..<k { target[l] = 0 }
                    for e in starts[o]..<starts[o + 1] {
                        let source = factor + Int(idx[e]) * k
                        let a = val[e]
                        for l in 0..<k { target[l] += a * source[l] }
                    }
                }
            }
        }
    }
}

/// The observed entries of an m×n matrix, P_Ω(M), in both orientations (built once per
/// instance): by column for the update of V (column j of M gives row j of V) and by row for the
/// update of U.
public struct ObservedEntries: Sendable {
    /// CSC: outer index j (column), inner index i (row).
    public let byColumn: CompressedEntries
    /// CSR: outer index i (row), inner index j (column).
    public let byRow: CompressedEntries

    /// m.
    public var rowCount: Int { byRow.outerCount }
    /// n.
    public var columnCount: Int { byColumn.outerCount }
    /// |Ω|.
    public var count: Int { byColumn.count }
    /// |Ω|/(m·n).
    public var sampleRate: Double { Double(count) / (Double(rowCount) * Double(columnCount)) }

    /// The entries from their column-major storage (each column's rows increasing).
    init(byColumn: CompressedEntries) {
        self.byColumn = byColumn
        byRow = byColumn.transposed()
    }

    /// ‖P_Ω(M)‖_F.
    public var frobeniusNorm: Double {
        var total = 0.0
        for v in byColumn.values { total += v * v }
        return total.squareRoot()
    }
}
