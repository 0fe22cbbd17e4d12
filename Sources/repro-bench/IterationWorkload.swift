import ExperimentKit
import MatrixSensing
import RobustRecovery

/// One iterative workload of the benchmarks: a model with fixed parameters, its operator, the
/// iteration counts of the differential measurement, and its NumPy peer.
struct IterationWorkload: Sendable {
    /// Stable id in results.json (e.g. `matrix-sensing-n50-m1500`).
    var id: String
    /// One line for results.md.
    var title: String
    /// The model type.
    var model: any Experiment.Type
    /// The given parameters (the rest are the schema's defaults); `iterations` is set per run.
    var parameters: [String: ParameterValue]
    /// n (or d), the side of each measurement matrix.
    var side: Int
    /// m.
    var measurements: Int
    /// T₁ < T₂: per-iteration seconds = (t(T₂) − t(T₁)) / (T₂ − T₁).
    var shortRun: Int
    var longRun: Int
    /// T₁ < T₂ of the allocation count: far apart, so that allocations made once per event of a
    /// run (a hitting time first reached, a fit window) weigh little per iteration; `nil` when
    /// the loop is the same code as another workload's (only the operator's bytes are measured).
    var allocationRuns: (short: Int, long: Int)?
    /// Overrides for the allocation count that make the trajectory stand still after the first
    /// steps (a step of 1e-300, or a decay that does it): the error stays constant, so the
    /// summary a run builds at its end (hitting times reached, fit windows: each a few
    /// allocations) is the same for T₁ and T₂ iterations, and T₂ − T₁ counts the loop alone.
    /// The loop runs the same code as in a moving run.
    var frozen: [String: ParameterValue]
    /// The peer script under bench/peers/ and its workload options.
    var peerScript: String
    var peerOptions: [String]
    /// Iterations of one timed block of the peer.
    var peerIterations: Int
    /// An algorithm parameter that differs across the 8 points of the batch benchmark, and its
    /// values (none: no batch benchmark for this workload).
    var batchAxis: String
    var batchValues: [Double]

    /// The model instantiated with `parameters`, `iterations` = T and `overrides`, resolved by its schema.
    func experiment(iterations: Int, overrides: [String: ParameterValue] = [:]) throws -> any Experiment {
        try Self.instantiate(model, parameters.merging(overrides) { _, new in new }.merging(["iterations": .int(iterations)]) { _, new in new })
    }

    /// `type` with the schema-resolved `given` parameters (opens the existential).
    static func instantiate<E: Experiment>(_ type: E.Type, _ given: [String: ParameterValue]) throws -> E {
        try E(parameters: E.schema.resolve(ParameterSet(given)))
    }
}

extension IterationWorkload {
    /// The iteration workloads (parameters of experiments/xiong2023 and experiments/ma2022).
    static func all(quick: Bool) -> [IterationWorkload] {
        return [
            IterationWorkload(
                id: "matrix-sensing-n50-m1500", title: "matrix sensing, symmetric, n = 50, m = 1500, k = 4",
                model: MatrixSensing.self,
                parameters: sensing(n: 50, m: 1500), side: 50, measurements: 1500,
                shortRun: quick ? 20 : 50, longRun: quick ? 220 : 850, allocationRuns: (200, 1200),
                frozen: ["step": .double(1e-300)],
                peerScript: "matrix_sensing.py", peerOptions: ["--n", "50", "--m", "1500", "--k", "4"],
                peerIterations: quick ? 50 : 200,
                batchAxis: "init_scale", batchValues: [0.02, 0.04, 0.06, 0.08, 0.1, 0.12, 0.14, 0.16]),
            IterationWorkload(
                id: "matrix-sensing-n100-m5000", title: "matrix sensing, symmetric, n = 100, m = 5000, k = 4 (DRAM scale)",
                model: MatrixSensing.self,
                parameters: sensing(n: 100, m: 5000), side: 100, measurements: 5000,
                shortRun: quick ? 3 : 5, longRun: quick ? 15 : 35, allocationRuns: nil, frozen: [:],
                peerScript: "matrix_sensing.py", peerOptions: ["--n", "100", "--m", "5000", "--k", "4"],
                peerIterations: quick ? 5 : 20,
                batchAxis: "", batchValues: []),
            IterationWorkload(
                id: "subgm-d20-m500", title: "SubGM, d = 20, m = 500, r' = 20, 20% outliers",
                model: RobustRecovery.self,
                parameters: [
                    "d": .int(20), "rank": .int(3), "spectrum": .reals([10, 5, 1]), "measurements": .int(500),
                    "noise": .string("outliers"), "outlier_fraction": .double(0.2), "outlier_std": .double(10),
                    "algorithm": .string("subgm"), "init": .string("spectral"), "search_rank": .int(20),
                    "init_scale": .double(1e-15), "step": .double(0.5), "decay": .double(0.992),
                ],
                side: 20, measurements: 500,
                shortRun: quick ? 100 : 200, longRun: quick ? 600 : 3200, allocationRuns: (200, 1200),
                frozen: ["decay": .double(1e-300)],
                peerScript: "subgm.py", peerOptions: ["--d", "20", "--m", "500", "--search-rank", "20",
                                                       "--outlier-fraction", "0.2"],
                peerIterations: quick ? 200 : 1000,
                batchAxis: "step", batchValues: [0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.65]),
        ]
    }

    /// xiong2023 fig1's parameters (r = 3, η = 0.1, α = 0.1) at k = 4, with side n and m measurements.
    static func sensing(n: Int, m: Int) -> [String: ParameterValue] {
        ["n": .int(n), "rank": .int(3), "measurements": .int(m), "parameterization": .string("symmetric"),
         "search_rank": .int(4), "init_scale": .double(0.1), "step": .double(0.1)]
    }
}
