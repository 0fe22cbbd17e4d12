import ExperimentKit
import Foundation
import NumericsCore
import Testing
@testable import SinkhornNewton

/// The stabilized Sinkhorn iteration against the textbook scaling form written here in plain
/// loops, and its stability at large η.
@Suite struct SinkhornReferenceTests {
    /// Textbook Sinkhorn from u = v = 1: K = exp(−ηC − 1), u = r/(Kv), v = c/(Kᵀu); returns the
    /// potentials x = log(u)/η, y = log(v)/η after each iteration.
    func textbook(_ p: TransportProblem, eta: Double, iterations: Int) -> [(x: [Double], y: [Double])] {
        let n = p.sourceCount, m = p.targetCount
        var k = [[Double]](repeating: [Double](repeating: 0, count: m), count: n)
        for i in 0..<n { for j in 0..<m { k[i][j] = exp(-eta * p.cost[i, j] - 1) } }
        var u = [Double](repeating: 1, count: n), v = [Double](repeating: 1, count: m)
        var out: [(x: [Double], y: [Double])] = []
        for _ in 0..<iterations {
            for i in 0..<n {
                var s = 0.0
                for j in 0..<m { s += k[i][j] * v[j] }
                u[i] = p.source[i] / s
            }
            for j in 0..<m {
                var s = 0.0
                for i in 0..<n { s += k[i][j] * u[i] }
                v[j] = p.target[j] / s
            }
            out.append((u.map { log($0) / eta }, v.map { log($0) / eta }))
        }
        return out
    }

    @Test func iteratesMatchTheTextbookScalingForm() throws {
        let problem = pointCloud(12, 9, seed: 3)
        let eta = 5.0
        let reference = textbook(problem, eta: eta, iterations: 40)
        var sinkhorn = SinkhornScaling(problem: problem, eta: eta)
        _ = try sinkhorn.start()
        for t in 0..<40 {
            _ = try sinkhorn.iterate()
            let (x, y) = sinkhorn.potentials()
            #expect(relativeDistance(x + y, reference[t].x + reference[t].y, floor: 1e-3) < 1e-12, "iteration \(t + 1)")
        }
        // The potentials moved: the comparison is not between zeros.
        #expect(reference[39].x.map(abs).max() ?? 0 > 1e-2)
    }

    @Test func largeEtaStaysFiniteAndConverges() throws {
        let problem = pointCloud(40, 30, seed: 11)
        var sinkhorn = SinkhornScaling(problem: problem, eta: 1e4)
        _ = try sinkhorn.start()
        var errors: [Double] = []
        for _ in 0..<300 { errors.append(try sinkhorn.iterate()) }
        #expect(errors.allSatisfy { $0.isFinite })
        let (x, y) = sinkhorn.potentials()
        #expect((x + y).allSatisfy { $0.isFinite })
        #expect(sinkhorn.potential.isFinite && sinkhorn.transportCost.isFinite)
        #expect(errors[299] < errors[99] && errors[99] < errors[9] && errors[9] < errors[0])
        #expect(errors[299] < errors[0] / 4)
        #expect(sinkhorn.absorptions > 1)  // the stabilization was exercised
    }

    @Test func aLargeEtaRunIsAnOrdinaryOutcome() throws {
        let outcome = try model(["algorithm": .string("sinkhorn"), "eta": .double(1e4), "n": .int(30),
                                 "iterations": .int(200)]).run(seeds: RunSeeds(instance: 5, algorithm: 6),
                                                               record: RecordPolicy(every: 10))
        #expect(outcome.status == .ok)
        let errors = try #require(outcome.series["marginal_error"])
        #expect(errors.steps.first == 0 && errors.steps.last == 200)
        #expect(errors.values.allSatisfy { $0.isFinite })
        #expect(errors.values.last ?? 1 < errors.values[1])
        for name in ["transport_cost", "potential", "elapsed_seconds"] {
            #expect(outcome.series[name]?.steps == errors.steps, "\(name)")
            #expect(outcome.series[name]?.values.allSatisfy { $0.isFinite } == true, "\(name)")
        }
    }
}
