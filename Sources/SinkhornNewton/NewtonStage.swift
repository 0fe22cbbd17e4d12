import Foundation
import NumericsCore

/// The settings of the Newton stage.
struct NewtonSettings: Sendable {
    /// ρ, the fraction of the n·n' plan entries the sparsified Hessian keeps.
    var keptFraction: Double
    /// Relative residual ‖b − M̃s‖₂/‖b‖₂ at which conjugate gradient stops.
    var conjugateGradientTolerance: Double
    /// Conjugate-gradient iterations allowed per Newton step.
    var conjugateGradientIterations: Int
    /// Start conjugate gradient from the previous Newton direction (scaled) instead of 0.
    var warmStart: Bool
    /// Precondition conjugate gradient with the inverse of M̃'s diagonal (P1, Pᵀ1) instead of
    /// running it plain.
    var jacobi = false
}

/// The Newton stage of Sinkhorn–Newton–Sparse (Tang et al., ICLR 2024, Section 4, Algorithm 1):
/// from the potentials z = (x, y) left by the Sinkhorn stage, each step
///
/// 1. sparsifies the Hessian: M̃ keeps the largest ρ·n·n' entries of P (`SparsifiedHessian`),
/// 2. solves the Newton system ∇²f·Δz = −∇f with the sparsified Hessian −η·M̃ by conjugate
///    gradient on the complement of the null direction (1, −1): M̃ ŝ = ∇f, Δz = ŝ/η,
/// 3. takes z ← z + αΔz with α the first of 1, 1/2, 1/4, … that satisfies the Armijo condition
///    f(z + αΔz) ≥ f(z) + c₁·α·∇f(z)ᵀΔz (backtracking line search).
///
/// The plan follows the potentials multiplicatively, P(z + αΔz)ᵢⱼ = Pᵢⱼ·exp(tᵢⱼ) with
/// tᵢⱼ = α(ŝₓᵢ + ŝ_yⱼ), and the increase of f is computed as
/// η·(f(z + αΔz) − f(z)) = α·∇fᵀŝ − Σᵢⱼ Pᵢⱼ·φ(tᵢⱼ), φ(t) = eᵗ − 1 − t ≥ 0, so that the Armijo
/// test stays exact to rounding even when f changes below its last digit. One pass over the
/// n·n' entries per trial gives the new plan, its row and column sums and that increase.
/// Every buffer is allocated at creation.
struct NewtonStage {
    /// c₁ of the Armijo condition (chosen by us).
    static let armijo = 1e-4
    /// Step lengths tried: 1, 1/2, …, 2^−(`maxHalvings` − 1) (chosen by us).
    static let maxHalvings = 40
    /// Below this |t|, eᵗ − 1 − t is summed as its Taylor series (chosen by us; the series to
    /// t⁸ is exact to rounding there, and eᵗ − 1 − t loses at most ~100 ulp above it).
    static let seriesCutoff = 1e-2

    /// The problem.
    let problem: TransportProblem
    /// η.
    let eta: Double
    /// ρ and the conjugate-gradient settings.
    let settings: NewtonSettings
    /// P at the current potentials, column-major.
    private(set) var plan: [Double]
    /// The plan at a trial step; also the scratch of the sparsification.
    private var trial: [Double]
    /// x.
    private(set) var x: [Double]
    /// y.
    private(set) var y: [Double]
    /// P1.
    private(set) var rowSums: [Double]
    /// Pᵀ1.
    private(set) var columnSums: [Double]
    private var trialRowSums: [Double]
    private var trialColumnSums: [Double]
    /// ∇f = (r − P1, c − Pᵀ1).
    private var gradient: [Double]
    /// Π∇f, the right-hand side of the Newton system.
    private var rightHandSide: [Double]
    /// ŝ = η·Δz, the last Newton direction.
    private var direction: [Double]
    /// True once `direction` holds a direction (a warm start can begin there).
    private var hasDirection = false
    /// M̃ at the last step.
    private(set) var hessian: SparsifiedHessian
    private var solver: ConjugateGradient
    /// 1 ⊘ (P1, Pᵀ1), M̃'s inverse diagonal (the Jacobi preconditioner), when `settings.jacobi`.
    private var inverseDiagonal: [Double]
    /// Newton steps taken.
    private(set) var steps = 0
    /// Conjugate-gradient iterations over all steps.
    private(set) var conjugateGradientIterations = 0
    /// The sparsified Hessian's relative error at the first step.
    private(set) var firstSparsificationError = Double.nan
    /// α of the last step.
    private(set) var lastStepLength = Double.nan

    /// The stage at potentials (x, y) with their plan P (n·n' entries, column-major).
    init(problem: TransportProblem, eta: Double, settings: NewtonSettings, plan: [Double], x: [Double], y: [Double]) {
        let n = problem.sourceCount, m = problem.targetCount
        self.problem = problem
        self.eta = eta
        self.settings = settings
        self.plan = plan
        trial = [Double](repeating: 0, count: n * m)
        self.x = x
        self.y = y
        rowSums = [Double](repeating: 0, count: n)
        columnSums = [Double](repeating: 0, count: m)
        trialRowSums = rowSums
        trialColumnSums = columnSums
        gradient = [Double](repeating: 0, count: n + m)
        rightHandSide = gradient
        direction = gradient
        hessian = SparsifiedHessian(sourceCount: n, targetCount: m, keptFraction: settings.keptFraction)
        solver = ConjugateGradient(sourceCount: n, targetCount: m)
        inverseDiagonal = [Double](repeating: 1, count: settings.jacobi ? n + m : 0)
        plan.withUnsafeBufferPointer { p in
            for j in 0..<m {
                var column = 0.0
                for i in 0..<n {
                    column += p[i + j * n]
                    rowSums[i] += p[i + j * n]
                }
                columnSums[j] = column
            }
        }
    }

    /// ‖P1 − r‖₁ + ‖Pᵀ1 − c‖₁.
    var marginalError: Double {
        LyapunovPotential.marginalError(problem, rowSums: rowSums, columnSums: columnSums)
    }

    /// f(x, y).
    var potential: Double {
        LyapunovPotential.value(problem, eta: eta, x: x, y: y, planTotal: rowSums.reduce(0, +))
    }

    /// ⟨C, P⟩.
    var transportCost: Double { LyapunovPotential.transportCost(problem, plan: plan) }

    /// One Newton step. Returns false, leaving the iterate unchanged, when no step length down
    /// to 2^−(maxHalvings − 1) satisfies the Armijo condition.
    mutating func iterate() -> Bool {
        let n = problem.sourceCount
        for i in 0..<n { gradient[i] = problem.source[i] - rowSums[i] }
        for j in 0..<problem.targetCount { gradient[n + j] = problem.target[j] - columnSums[j] }
        hessian.sparsify(plan: plan, rowSums: rowSums, columnSums: columnSums, scratch: &trial)
        if firstSparsificationError.isNaN { firstSparsificationError = hessian.relativeError }
        for k in gradient.indices { rightHandSide[k] = gradient[k] }
        solver.project(&rightHandSide)
        let warm = settings.warmStart && hasDirection
        var slope = solve(warmStart: warm)
        if !(slope > 0), warm { slope = solve(warmStart: false) }
        hasDirection = true
        guard slope > 0, slope.isFinite else { return false }
        var alpha = 1.0
        for _ in 0..<Self.maxHalvings {
            let decrease = trialStep(alpha)
            if decrease <= (1 - Self.armijo) * alpha * slope {
                swap(&plan, &trial)
                swap(&rowSums, &trialRowSums)
                swap(&columnSums, &trialColumnSums)
                for i in 0..<n { x[i] += alpha * direction[i] / eta }
                for j in 0..<problem.targetCount { y[j] += alpha * direction[n + j] / eta }
                lastStepLength = alpha
                steps += 1
                return true
            }
            alpha /= 2
        }
        return false
    }

    /// Solves M̃ ŝ = Π∇f into `direction` and returns the slope ∇fᵀŝ (η·∇fᵀΔz).
    private mutating func solve(warmStart: Bool) -> Double {
        if settings.jacobi {
            let n = problem.sourceCount
            for i in 0..<n { inverseDiagonal[i] = 1 / rowSums[i] }
            for j in 0..<problem.targetCount { inverseDiagonal[n + j] = 1 / columnSums[j] }
        }
        conjugateGradientIterations += solver.solve(
            hessian, rhs: rightHandSide, solution: &direction, warmStart: warmStart,
            tolerance: settings.conjugateGradientTolerance, maxIterations: settings.conjugateGradientIterations,
            inverseDiagonal: settings.jacobi ? inverseDiagonal : nil)
        return BLAS.dot(gradient, direction)
    }

    /// The plan at step length α into `trial` (with its sums); returns Σᵢⱼ Pᵢⱼ·φ(tᵢⱼ),
    /// tᵢⱼ = α(ŝₓᵢ + ŝ_yⱼ), φ(t) = eᵗ − 1 − t (+∞ or NaN when the step overflows).
    private mutating func trialStep(_ alpha: Double) -> Double {
        let n = problem.sourceCount, cutoff = Self.seriesCutoff
        for i in 0..<n { trialRowSums[i] = 0 }
        var total = 0.0
        plan.withUnsafeBufferPointer { p in
            trial.withUnsafeMutableBufferPointer { q in
                direction.withUnsafeBufferPointer { s in
                    trialRowSums.withUnsafeMutableBufferPointer { rows in
                        for j in 0..<problem.targetCount {
                            let sy = s[n + j]
                            var column = 0.0
                            for i in 0..<n {
                                let t = alpha * (s[i] + sy)
                                let growth: Double, excess: Double  // eᵗ − 1 and eᵗ − 1 − t
                                if abs(t) < cutoff {
                                    excess = t * t * (1.0 / 2 + t * (1.0 / 6 + t * (1.0 / 24 + t * (1.0 / 120
                                        + t * (1.0 / 720 + t * (1.0 / 5040 + t / 40320))))))
                                    growth = t + excess
                                } else {
                                    growth = expm1(t)
                                    excess = growth - t
                                }
                                let old = p[i + j * n], new = old + old * growth
                                q[i + j * n] = new
                                column += new
                                rows[i] += new
                                total += old * excess
                            }
                            trialColumnSums[j] = column
                        }
                    }
                }
            }
        }
        return total
    }
}
