/// Failures of a matrix-sensing run that are not divergence.
public enum MatrixSensingError: Error, Sendable, CustomStringConvertible {
    /// FᵀF had a non-positive eigenvalue at the rebalancing step.
    case singularFactor(smallestEigenvalue: Double)
    /// The symmetric model needs the packed operator, but the instance has none.
    case missingSymmetricOperator

    public var description: String {
        switch self {
        case .singularFactor(let l):
            return "cannot rebalance: FᵀF is singular (smallest eigenvalue \(l))"
        case .missingSymmetricOperator:
            return "the instance was drawn without its packed symmetric operator"
        }
    }
}
