/// The sparsified Hessian of the Lyapunov potential (Tang et al., ICLR 2024, Section 4,
/// Algorithm 1), divided by −η:
///
///   M̃ = [[diag(P1), P̃], [P̃ᵀ, diag(Pᵀ1)]],
///
/// where P̃ keeps the largest ⌈ρ·n·n'⌉ entries of the plan P (ties at the threshold broken by
/// position) and sets the others to zero, and the diagonal blocks keep the full row and column
/// sums. −η·M̃ approximates ∇²f; M̃ is positive semidefinite (diagonally dominant). P̃ is
/// stored by columns (compressed sparse columns), so one pass over its entries gives both
/// P̃w_y and P̃ᵀw_x. All storage is reserved at creation.
struct SparsifiedHessian {
    /// n.
    let sourceCount: Int
    /// n'.
    let targetCount: Int
    /// The number of plan entries kept, ⌈ρ·n·n'⌉.
    let keptCount: Int
    /// P1 (the first diagonal block).
    private(set) var rowSums: [Double]
    /// Pᵀ1 (the second diagonal block).
    private(set) var columnSums: [Double]
    /// Where column j's kept entries start in `rowIndices` and `values` (n' + 1 offsets).
    private(set) var columnStarts: [Int]
    /// Row i of each kept entry.
    private(set) var rowIndices: [Int32]
    /// P̃ᵢⱼ of each kept entry.
    private(set) var values: [Double]
    /// ‖∇²f − (−η·M̃)‖_F / ‖∇²f‖_F = √(2·Σ_dropped Pᵢⱼ²) / √(‖P1‖² + ‖Pᵀ1‖² + 2·Σ Pᵢⱼ²).
    private(set) var relativeError = 0.0

    /// Reserves the storage for an n × n' plan with kept fraction ρ = `keptFraction` ∈ (0, 1].
    init(sourceCount n: Int, targetCount m: Int, keptFraction: Double) {
        sourceCount = n
        targetCount = m
        keptCount = max(1, min(n * m, Int((keptFraction * Double(n) * Double(m)).rounded(.up))))
        rowSums = [Double](repeating: 0, count: n)
        columnSums = [Double](repeating: 0, count: m)
        columnStarts = [Int](repeating: 0, count: m + 1)
        rowIndices = [Int32](repeating: 0, count: keptCount)
        values = [Double](repeating: 0, count: keptCount)
    }

    /// Forms M̃ from the plan P (column-major) and its sums. `scratch` (n·n' entries) is
    /// overwritten by the selection of the threshold (`LargestEntries`).
    mutating func sparsify(plan: [Double], rowSums: [Double], columnSums: [Double], scratch: inout [Double]) {
        let n = sourceCount, m = targetCount, kept = keptCount
        for i in 0..<n { self.rowSums[i] = rowSums[i] }
        for j in 0..<m { self.columnSums[j] = columnSums[j] }
        plan.withUnsafeBufferPointer { p in
            let (threshold, above) = LargestEntries.kthLargest(kept, of: p, scratch: &scratch)
            var ties = kept - above, count = 0, dropped = 0.0, offDiagonal = 0.0
            columnStarts.withUnsafeMutableBufferPointer { starts in
                rowIndices.withUnsafeMutableBufferPointer { rows in
                    values.withUnsafeMutableBufferPointer { entries in
                        for j in 0..<m {
                            starts[j] = count
                            for i in 0..<n {
                                let value = p[i + j * n]
                                offDiagonal += value * value
                                var keep = value > threshold
                                if !keep, value == threshold, ties > 0 {
                                    keep = true
                                    ties -= 1
                                }
                                if keep {
                                    rows[count] = Int32(i)
                                    entries[count] = value
                                    count += 1
                                } else {
                                    dropped += value * value
                                }
                            }
                        }
                        starts[m] = count
                    }
                }
            }
            var diagonal = 0.0
            for s in rowSums { diagonal += s * s }
            for s in columnSums { diagonal += s * s }
            let total = diagonal + 2 * offDiagonal
            relativeError = total > 0 ? (2 * dropped / total).squareRoot() : 0
        }
    }

    /// out = M̃·w for w = (w_x, w_y) ∈ R^{n+n'}: out_x = diag(P1)w_x + P̃w_y,
    /// out_y = P̃ᵀw_x + diag(Pᵀ1)w_y.
    func apply(_ w: [Double], into out: inout [Double]) {
        let n = sourceCount
        w.withUnsafeBufferPointer { w in
            out.withUnsafeMutableBufferPointer { out in
                rowIndices.withUnsafeBufferPointer { rows in
                    values.withUnsafeBufferPointer { entries in
                        for i in 0..<n { out[i] = rowSums[i] * w[i] }
                        for j in 0..<targetCount {
                            let wy = w[n + j]
                            var acc = columnSums[j] * wy
                            for k in columnStarts[j]..<columnStarts[j + 1] {
                                let i = Int(rows[k]), value = entries[k]
                                out[i] += value * wy
                                acc += value * w[i]
                            }
                            out[n + j] = acc
                        }
                    }
                }
            }
        }
    }

    /// The kept entries of the last `sparsify` (nonzeros of P̃).
    var storedCount: Int { columnStarts[targetCount] }
}
