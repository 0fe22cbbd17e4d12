/// A failure reported by a BLAS or LAPACK wrapper, carrying the routine name and the
/// LAPACK `info` value (or the shapes involved) so that it reads as one clear line.
public enum LinearAlgebraError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The operands' shapes do not fit the routine; `detail` states the shapes.
    case dimensionMismatch(routine: String, detail: String)
    /// LAPACK `info < 0`: argument number `argument` (1-based, LAPACKE numbering) is illegal.
    /// LAPACKE also reports a NaN entry in an input matrix this way (its NaN check).
    case illegalArgument(routine: String, argument: Int)
    /// `dpotrf` `info > 0`: the leading minor of order `minor` is not positive.
    case notPositiveDefinite(routine: String, minor: Int)
    /// `dgesv` `info > 0`: `U(pivot, pivot)` of the LU factorization is exactly zero.
    case singular(routine: String, pivot: Int)
    /// `dsyevd` / `dgesdd` `info > 0`: the iterative algorithm did not converge.
    case noConvergence(routine: String, info: Int)
    /// `dgels` `info > 0`: the triangular factor has a zero diagonal entry `info`, so A is not of full rank.
    case rankDeficient(routine: String, info: Int)

    /// One line naming the routine and what went wrong.
    public var description: String {
        switch self {
        case let .dimensionMismatch(routine, detail):
            return "\(routine): dimension mismatch: \(detail)"
        case let .illegalArgument(routine, argument):
            return "\(routine): argument \(argument) is illegal (info = \(-argument); LAPACKE also reports NaN input entries this way)"
        case let .notPositiveDefinite(routine, minor):
            return "\(routine): matrix is not positive definite (leading minor of order \(minor) is not positive)"
        case let .singular(routine, pivot):
            return "\(routine): matrix is singular (U(\(pivot),\(pivot)) is exactly zero)"
        case let .noConvergence(routine, info):
            return "\(routine): the algorithm failed to converge (info = \(info))"
        case let .rankDeficient(routine, info):
            return "\(routine): matrix is rank deficient (diagonal entry \(info) of the triangular factor is zero)"
        }
    }
}

/// Conversions and `info` checks shared by the BLAS and LAPACK wrappers.
public enum LAPACKSupport {
    /// `n` as a 32-bit BLAS/LAPACK integer; throws when it does not fit.
    public static func int32(_ n: Int, routine: String) throws(LinearAlgebraError) -> Int32 {
        guard let value = Int32(exactly: n) else {
            throw .dimensionMismatch(routine: routine, detail: "dimension \(n) exceeds the 32-bit LAPACK integer range")
        }
        return value
    }

    /// Throws `illegalArgument` for `info < 0` and `positive(info)` for `info > 0`.
    static func check(
        _ info: Int32, routine: String, positive: (Int) -> LinearAlgebraError
    ) throws(LinearAlgebraError) {
        if info < 0 { throw .illegalArgument(routine: routine, argument: -Int(info)) }
        if info > 0 { throw positive(Int(info)) }
    }

    /// Throws `illegalArgument` for `info < 0`, for routines whose `info` is never positive.
    static func check(_ info: Int32, routine: String) throws(LinearAlgebraError) {
        if info != 0 { throw .illegalArgument(routine: routine, argument: -Int(info)) }
    }

    /// The LAPACKE character code of a triangle.
    static func uplo(_ triangle: Triangle) -> CChar {
        switch triangle {
        case .upper: return CChar(UInt8(ascii: "U"))
        case .lower: return CChar(UInt8(ascii: "L"))
        }
    }
}
