/// Why a sensitivity-sampling run could not be carried out, as one line.
public enum SensitivityError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The matrix has the wrong shape (n < d, or no columns).
    case badShape(String)
    /// The matrix does not have full column rank.
    case rankDeficient(String)
    /// A LAPACK call failed (its message).
    case linearAlgebra(String)
    /// A parameter combination the model cannot run (e.g. Lewis weights at p ≥ 4).
    case unsupported(String)

    /// One line saying what went wrong.
    public var description: String {
        switch self {
        case .badShape(let s): return "bad matrix shape: \(s)"
        case .rankDeficient(let s): return "rank-deficient matrix: \(s)"
        case .linearAlgebra(let s): return s
        case .unsupported(let s): return s
        }
    }
}
