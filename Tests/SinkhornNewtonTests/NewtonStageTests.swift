import ExperimentKit
import Foundation
import NumericsCore
import Testing
@testable import SinkhornNewton

/// SNS against a long Sinkhorn run on the same instance.
@Suite struct NewtonStageTests {
    let problem = pointCloud(40, 30, seed: 8, layout: .mixture)
    let eta = 300.0

    /// Potentials of a Sinkhorn run of up to `iterations` iterations that stops below `tolerance`.
    func sinkhorn(iterations: Int, tolerance: Double) throws -> (x: [Double], y: [Double], iterations: Int) {
        var state = SinkhornScaling(problem: problem, eta: eta)
        var error = try state.start(), t = 0
        while t < iterations, error >= tolerance {
            error = try state.iterate()
            t += 1
        }
        let (x, y) = state.potentials()
        return (x, y, t)
    }

    @Test func snsReachesTheSinkhornOptimumInFewerIterations() throws {
        let long = try sinkhorn(iterations: 200_000, tolerance: 1e-14)
        var warm = SinkhornScaling(problem: problem, eta: eta)
        _ = try warm.start()
        for _ in 0..<20 { _ = try warm.iterate() }
        let (x0, y0) = warm.potentials()
        let settings = NewtonSettings(keptFraction: 0.3, conjugateGradientTolerance: 1e-8,
                                      conjugateGradientIterations: 200, warmStart: true)
        var stage = NewtonStage(problem: problem, eta: eta, settings: settings, plan: warm.takePlan(), x: x0, y: y0)
        while stage.steps < 200, stage.marginalError >= 1e-14 {
            let moved = stage.iterate()
            try #require(moved)
        }
        #expect(stage.marginalError < 1e-14)
        let newton = pinned(stage.x, stage.y), reference = pinned(long.x, long.y)
        let scale = reference.map(abs).max() ?? 0
        #expect(scale > 1e-2)
        #expect(zip(newton, reference).map { abs($0 - $1) }.max() ?? 1 < 1e-9 * scale)
        #expect(20 + stage.steps < long.iterations / 10, "SNS \(20 + stage.steps), Sinkhorn \(long.iterations)")
        #expect(stage.hessian.relativeError > 0)  // the Hessian was sparsified
    }

    @Test func theModelsTwoAlgorithmsAgreeOnTheTransportCost() throws {
        let common: [String: ParameterValue] = ["n": .int(40), "n_target": .int(30), "points": .string("mixture"),
                                                "eta": .double(eta), "tolerance": .double(1e-13),
                                                "kept_fraction": .double(0.3)]
        let seeds = RunSeeds(instance: 9, algorithm: 10)
        let a = try model(common.merging(["algorithm": .string("sinkhorn"), "iterations": .int(200_000)]) { $1 })
            .run(seeds: seeds, record: RecordPolicy(every: 100))
        let b = try model(common.merging(["algorithm": .string("sns"), "iterations": .int(500)]) { $1 })
            .run(seeds: seeds, record: RecordPolicy())
        #expect(a.status == .ok && b.status == .ok)
        let costA = try #require(a.metrics["transport_cost"]), costB = try #require(b.metrics["transport_cost"])
        #expect(abs(costA - costB) < 1e-9 * costA)
        let fA = try #require(a.metrics["potential"]), fB = try #require(b.metrics["potential"])
        #expect(abs(fA - fB) < 1e-9 * abs(fA))
        let iterationsA = try #require(a.metrics["iterations"]), iterationsB = try #require(b.metrics["iterations"])
        #expect(iterationsB < iterationsA / 10)
        #expect(b.metrics["newton_iterations"] == iterationsB - 20 && b.metrics["sinkhorn_iterations"] == 20)
        #expect(b.metrics["iterations_to_1e-10"] ?? .infinity <= iterationsB)
        #expect(a.metrics["newton_iterations"] == nil)
        // One point per iteration with every = 1; the first series is the marginal error.
        #expect(b.series["marginal_error"]?.count == Int(iterationsB) + 1)
        #expect(SinkhornNewton.schema.series.first?.name == "marginal_error")
    }
}
