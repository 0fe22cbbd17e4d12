import Foundation

/// The Lyapunov potential of entropic optimal transport (Tang et al., ICLR 2024, Section 3):
///
///   f(x, y) = −(1/η)·Σᵢⱼ exp(η(−Cᵢⱼ + xᵢ + yⱼ) − 1) + Σᵢ rᵢxᵢ + Σⱼ cⱼyⱼ,
///
/// concave, with the plan Pᵢⱼ(x, y) = exp(η(−Cᵢⱼ + xᵢ + yⱼ) − 1), the gradient
/// ∇ₓf = r − P1, ∇_y f = c − Pᵀ1 and the Hessian ∇²f = −η·[[diag(P1), P], [Pᵀ, diag(Pᵀ1)]],
/// singular along (1, −1). Its maximizer is the entropic plan: P1 = r and Pᵀ1 = c.
enum LyapunovPotential {
    /// P(x, y) into `plan` (n·n' entries, column-major).
    static func plan(_ problem: TransportProblem, eta: Double, x: [Double], y: [Double], into plan: inout [Double]) {
        let n = problem.sourceCount
        problem.cost.elements.withUnsafeBufferPointer { cost in
            plan.withUnsafeMutableBufferPointer { p in
                for j in 0..<problem.targetCount {
                    for i in 0..<n { p[i + j * n] = exp(eta * (-cost[i + j * n] + x[i] + y[j]) - 1) }
                }
            }
        }
    }

    /// f(x, y), given the plan's total mass Σᵢⱼ Pᵢⱼ.
    static func value(_ problem: TransportProblem, eta: Double, x: [Double], y: [Double], planTotal: Double) -> Double {
        var linear = 0.0
        for i in x.indices { linear += problem.source[i] * x[i] }
        for j in y.indices { linear += problem.target[j] * y[j] }
        return -planTotal / eta + linear
    }

    /// The marginal error ‖P1 − r‖₁ + ‖Pᵀ1 − c‖₁ (the ℓ1 norm of ∇f), from the plan's row sums
    /// P1 and column sums Pᵀ1.
    static func marginalError(_ problem: TransportProblem, rowSums: [Double], columnSums: [Double]) -> Double {
        var error = 0.0
        for i in rowSums.indices { error += abs(rowSums[i] - problem.source[i]) }
        for j in columnSums.indices { error += abs(columnSums[j] - problem.target[j]) }
        return error
    }

    /// The transport cost ⟨C, P⟩ = Σᵢⱼ CᵢⱼPᵢⱼ of a plan stored like the cost.
    static func transportCost(_ problem: TransportProblem, plan: [Double]) -> Double {
        problem.cost.elements.withUnsafeBufferPointer { cost in
            plan.withUnsafeBufferPointer { p in
                var total = 0.0
                for k in 0..<p.count { total += cost[k] * p[k] }
                return total
            }
        }
    }
}
