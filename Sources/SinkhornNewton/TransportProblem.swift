import ExperimentKit
import NumericsCore

/// An entropic optimal-transport problem (Tang et al., ICLR 2024, Section 3): the cost C ∈
/// R^{n×n'} and the marginals r ∈ R^n, c ∈ R^{n'}, positive, each summing to 1.
public struct TransportProblem: Sendable {
    /// C, column-major (entry (i, j) at `i + j·n`).
    public let cost: Matrix
    /// r, the source marginal (Σ rᵢ = 1).
    public let source: [Double]
    /// c, the target marginal (Σ c_j = 1).
    public let target: [Double]

    /// n, the number of source points.
    public var sourceCount: Int { cost.rows }
    /// n', the number of target points.
    public var targetCount: Int { cost.columns }

    /// The problem of `cost` between `source` (n entries, one per row of the cost) and `target`
    /// (n' entries, one per column), each marginal divided by its total. The callers, the drawn
    /// families and the checked files, give positive marginals of those lengths.
    public init(cost: Matrix, source: [Double], target: [Double]) {
        self.cost = cost
        let sourceTotal = source.reduce(0, +), targetTotal = target.reduce(0, +)
        self.source = source.map { $0 / sourceTotal }
        self.target = target.map { $0 / targetTotal }
    }
}

extension TransportProblem {
    /// Largest relative difference |Σr − Σc| / max(Σr, Σc) accepted between the totals of the
    /// two marginal files, chosen by us: a file written with ten or more significant digits
    /// passes, two different distributions do not.
    public static let totalMismatchTolerance = 1e-9

    /// The problem read from the matrices of `family: file`: the cost matrix of `cost_file`
    /// (n × n', finite entries, used as given), and the marginals of `source_file` (n × 1 or
    /// 1 × n) and `target_file` (n' × 1 or 1 × n'), positive and finite, with totals equal
    /// within `totalMismatchTolerance` (both are then divided by their total). A missing or
    /// bad input throws a `ParameterError` naming its key.
    public init(costFile: MatrixInput?, sourceFile: MatrixInput?, targetFile: MatrixInput?) throws(ParameterError) {
        guard let costFile else {
            throw ParameterError(key: "cost_file", message: "family: file needs `cost_file`, a .csv or .npy cost matrix")
        }
        if let k = costFile.entries.firstIndex(where: { !$0.isFinite }) {
            throw ParameterError(key: "cost_file", message: "\(costFile.source): entry (\(k % costFile.rows), "
                + "\(k / costFile.rows)) is \(costFile.entries[k]); the cost must be finite")
        }
        let source = try Self.marginal(sourceFile, key: "source_file", length: costFile.rows, side: "rows")
        let target = try Self.marginal(targetFile, key: "target_file", length: costFile.columns, side: "columns")
        let sourceTotal = source.reduce(0, +), targetTotal = target.reduce(0, +)
        if abs(sourceTotal - targetTotal) > Self.totalMismatchTolerance * max(sourceTotal, targetTotal) {
            throw ParameterError(key: "target_file", message: "\(targetFile?.source ?? ""): total \(targetTotal) differs "
                + "from the source total \(sourceTotal) (relative tolerance \(Self.totalMismatchTolerance))")
        }
        self.init(cost: Matrix(rows: costFile.rows, columns: costFile.columns, columnMajor: costFile.entries),
                  source: source, target: target)
    }

    /// The entries of a marginal file: a column or a row of `length` positive finite values.
    static func marginal(_ input: MatrixInput?, key: String, length: Int, side: String) throws(ParameterError) -> [Double] {
        guard let input else {
            throw ParameterError(key: key, message: "family: file needs `\(key)`, a .csv or .npy vector")
        }
        guard (input.columns == 1 && input.rows == length) || (input.rows == 1 && input.columns == length) else {
            throw ParameterError(key: key, message: "\(input.source): the marginal is \(input.rows)×\(input.columns); "
                + "the cost has \(length) \(side), so it must be \(length)×1 or 1×\(length)")
        }
        if let k = input.entries.firstIndex(where: { !($0.isFinite && $0 > 0) }) {
            throw ParameterError(key: key, message: "\(input.source): entry \(k) is \(input.entries[k]); "
                + "marginal entries must be positive and finite")
        }
        return input.entries
    }
}
