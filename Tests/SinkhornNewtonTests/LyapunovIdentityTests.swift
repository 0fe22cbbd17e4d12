import ExperimentKit
import Foundation
import NumericsCore
import Testing
@testable import SinkhornNewton

/// The identities of the Lyapunov potential: its gradient is the marginal residual, its
/// Hessian is −η[[diag(P1), P], [Pᵀ, diag(Pᵀ1)]], its maximizer is the entropic plan; and a
/// 2×2 problem whose entropic plan is known in closed form.
@Suite struct LyapunovIdentityTests {
    let problem = pointCloud(7, 5, seed: 21)
    let eta = 4.0

    /// f at (x, y), from the plan formed from the potentials.
    func f(_ x: [Double], _ y: [Double]) -> Double {
        var plan = [Double](repeating: 0, count: x.count * y.count)
        LyapunovPotential.plan(problem, eta: eta, x: x, y: y, into: &plan)
        return LyapunovPotential.value(problem, eta: eta, x: x, y: y, planTotal: plan.reduce(0, +))
    }

    /// (r − P1, c − Pᵀ1) at (x, y).
    func residual(_ x: [Double], _ y: [Double]) -> [Double] {
        var plan = [Double](repeating: 0, count: x.count * y.count)
        LyapunovPotential.plan(problem, eta: eta, x: x, y: y, into: &plan)
        let n = x.count
        var out = problem.source + problem.target
        for j in y.indices {
            for i in 0..<n {
                out[i] -= plan[i + j * n]
                out[n + j] -= plan[i + j * n]
            }
        }
        return out
    }

    /// Potentials near the optimum's scale, drawn with `seed`.
    func potentials(seed: UInt64) -> (x: [Double], y: [Double]) {
        var g = Xoshiro256StarStar(seed: seed)
        return ((0..<7).map { _ in 0.1 * g.nextNormal() }, (0..<5).map { _ in 0.1 * g.nextNormal() })
    }

    @Test func theGradientIsTheMarginalResidual() {
        let (x, y) = potentials(seed: 1)
        let gradient = residual(x, y)
        let h = 1e-5
        for k in 0..<12 {
            var xp = x, yp = y, xm = x, ym = y
            if k < 7 { xp[k] += h; xm[k] -= h } else { yp[k - 7] += h; ym[k - 7] -= h }
            let difference = (f(xp, yp) - f(xm, ym)) / (2 * h)
            #expect(abs(difference - gradient[k]) < 1e-8, "coordinate \(k)")
        }
        #expect(gradient.map(abs).max() ?? 0 > 1e-2)  // away from the optimum
    }

    @Test func theHessianIsMinusEtaTimesTheBlockMatrix() {
        let (x, y) = potentials(seed: 2)
        var plan = [Double](repeating: 0, count: 35)
        LyapunovPotential.plan(problem, eta: eta, x: x, y: y, into: &plan)
        let sums = residual(x, y).enumerated().map { ($0.offset < 7 ? problem.source[$0.offset]
            : problem.target[$0.offset - 7]) - $0.element }
        var hessian = SparsifiedHessian(sourceCount: 7, targetCount: 5, keptFraction: 1)
        var scratch = plan
        hessian.sparsify(plan: plan, rowSums: Array(sums[0..<7]), columnSums: Array(sums[7...]), scratch: &scratch)
        var g = Xoshiro256StarStar(seed: 3)
        let w = (0..<12).map { _ in g.nextNormal() }
        var product = [Double](repeating: 0, count: 12)
        hessian.apply(w, into: &product)
        // ∇²f·w = (∇f(z + hw) − ∇f(z − hw))/(2h) + O(h²); ∇f = the residual.
        let h = 1e-5
        let plus = residual(zip(x, w[0..<7]).map { $0 + h * $1 }, zip(y, w[7...]).map { $0 + h * $1 })
        let minus = residual(zip(x, w[0..<7]).map { $0 - h * $1 }, zip(y, w[7...]).map { $0 - h * $1 })
        for k in 0..<12 {
            #expect(abs((plus[k] - minus[k]) / (2 * h) + eta * product[k]) < 1e-7, "row \(k)")
        }
        // The null direction (1, −1).
        hessian.apply([Double](repeating: 1, count: 7) + [Double](repeating: -1, count: 5), into: &product)
        #expect(product.map(abs).max() ?? 1 < 1e-15)
    }

    @Test func theConvergedPlanHasTheMarginalsAndTheGibbsForm() throws {
        var sinkhorn = SinkhornScaling(problem: problem, eta: eta)
        var error = try sinkhorn.start()
        for _ in 0..<2000 where error > 1e-15 { error = try sinkhorn.iterate() }
        #expect(error < 1e-14)
        let (x, y) = sinkhorn.potentials()
        let scaled = sinkhorn.takePlan()
        var gibbs = [Double](repeating: 0, count: 35)
        LyapunovPotential.plan(problem, eta: eta, x: x, y: y, into: &gibbs)
        #expect(relativeDistance(scaled, gibbs) < 1e-12)
        let n = 7
        for i in 0..<n {
            let row = (0..<5).reduce(0.0) { $0 + gibbs[i + $1 * n] }
            #expect(abs(row - problem.source[i]) < 1e-14)
        }
        for j in 0..<5 {
            let column = (0..<n).reduce(0.0) { $0 + gibbs[$1 + j * n] }
            #expect(abs(column - problem.target[j]) < 1e-14)
        }
    }

    /// C = [[0, 1], [1, 0]] with r = c = (½, ½): the entropic plan is [[p, ½ − p], [½ − p, p]]
    /// with p/(½ − p) = e^η (the cross ratio P₁₁P₂₂/(P₁₂P₂₁) = e^{−η(C₁₁ + C₂₂ − C₁₂ − C₂₁)}),
    /// so ⟨C, P⟩ = 1 − 2p = 1/(1 + e^η).
    @Test(arguments: ["sinkhorn", "sns"])
    func aTwoByTwoPlanInClosedForm(algorithm: String) throws {
        func input(_ rows: Int, _ columns: Int, _ entries: [Double], _ name: String) -> ParameterValue {
            .matrix(MatrixInput(rows: rows, columns: columns, entries: entries, contentHash: name, source: name))
        }
        let eta = 3.0
        let outcome = try model([
            "family": .string("file"), "algorithm": .string(algorithm), "eta": .double(eta),
            "cost_file": input(2, 2, [0, 1, 1, 0], "c"), "source_file": input(2, 1, [0.5, 0.5], "r"),
            "target_file": input(1, 2, [0.5, 0.5], "t"), "warm_start_iterations": .int(1), "kept_fraction": .double(1),
        ]).run(seeds: RunSeeds(instance: 1, algorithm: 2), record: RecordPolicy())
        let p = 1 / (2 * (1 + exp(-eta)))
        let cost = try #require(outcome.metrics["transport_cost"])
        #expect(abs(cost - 1 / (1 + exp(eta))) < 1e-14)
        // f at the optimum: with x₁ = x₂ and y₁ = y₂ (symmetry), e^{η(x+y)−1} = p, and
        // f = −(1/η)·Σ P + x + y = −1/η + (log p + 1)/η.
        let potential = try #require(outcome.metrics["potential"])
        #expect(abs(potential - log(p) / eta) < 1e-14)
        #expect(outcome.metrics["final_marginal_error"] ?? 1 < 1e-12)
    }
}
