import ExperimentKit
import Foundation
@testable import Specs

/// A stand-in for the matrix-sensing model: same parameter names, kinds and instance flags,
/// the cross-check k ≤ n, and the metrics and series a claim may name. It never runs.
struct FakeSensing: Experiment {
    static let schema = ModelSchema(
        name: "matrix-sensing", version: 1, summary: "fake matrix sensing for Specs tests",
        parameters: [
            ParameterSpec("n", symbol: "n", kind: .integer(min: 1, max: nil), default: .int(20), instance: true,
                          summary: "dimension"),
            ParameterSpec("rank", symbol: "r", kind: .integer(min: 1, max: nil), default: .int(2), instance: true,
                          summary: "true rank"),
            ParameterSpec("measurements", symbol: "m", kind: .integer(min: 1, max: nil), default: .int(200),
                          instance: true, summary: "number of measurements"),
            ParameterSpec("spectrum", symbol: "s", kind: .reals, default: .reals([]), instance: true,
                          summary: "singular values"),
            ParameterSpec("parameterization", kind: .choice(["symmetric", "asymmetric", "asymmetric-rebalanced"]),
                          default: .string("symmetric"), instance: false, summary: "factorization"),
            ParameterSpec("search_rank", symbol: "k", kind: .integer(min: 1, max: nil), default: nil, instance: false,
                          summary: "search rank"),
            ParameterSpec("init_scale", symbol: "α", kind: .real(min: 0, max: nil, lowerOpen: true),
                          default: .double(0.1), instance: false, summary: "initialization scale"),
            ParameterSpec("step", symbol: "η", kind: .real(min: 0, max: nil, lowerOpen: true), default: .double(0.1),
                          instance: false, summary: "step size"),
            ParameterSpec("iterations", symbol: "T", kind: .integer(min: 1, max: nil), default: .int(100),
                          instance: false, summary: "iterations"),
        ],
        metrics: [OutputSpec("final_error", "error at the end"), OutputSpec("linear_rate", "rate"),
                  OutputSpec("loglog_slope", "slope")],
        series: [OutputSpec("error", "error per iteration")],
        crossCheck: { (p: ParameterSet) throws(ParameterError) in
            let k = try p.int("search_rank"), n = try p.int("n")
            if k > n { throw ParameterError(key: "search_rank", message: "must be ≤ n = \(n), got \(k)") }
        })

    init(parameters: ParameterSet) throws(ParameterError) {}

    func run(seeds: RunSeeds, record: RecordPolicy) throws -> Outcome {
        Outcome(status: .ok, metrics: [:], series: [:])
    }
}

/// Loader over the fake model.
let loader = SpecLoader(registry: ModelRegistry([FakeSensing.self]))

/// The first four lines of most test specs (lines 1–4).
let header = "id: t\ntitle: T\npaper: p\nmodel: matrix-sensing\n"

/// The error loading `text` (as `x.yaml`) throws, or `nil` when it loads.
func loadError(_ text: String, overrides: [Override] = [], replicates: Int? = nil,
               using specLoader: SpecLoader = loader) -> SpecError? {
    do {
        _ = try specLoader.load(text: text, path: "x.yaml", overrides: overrides, replicates: replicates)
        return nil
    } catch {
        return error
    }
}

/// Writes `bytes` to a fresh temporary file and returns its path.
func temporaryFile(_ bytes: [UInt8], name: String = "spec.yaml") throws -> String {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("specs-tests-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    let url = directory.appendingPathComponent(name)
    try Data(bytes).write(to: url)
    return url.path
}

/// A full example spec: cartesian axis, zip pair, replicates, record, three claims.
let validSpec = """
id: xiong2023-fig1-symmetric
title: Symmetric GD slows down when over-parameterized
paper: xiong2023
model: matrix-sensing
params:
  n: 50
  rank: 3
  measurements: 1500
  spectrum: [1.0, 0.75, 0.5]
  iterations: 20000
  parameterization: symmetric
sweep:
  search_rank: [3, 4, 5]
  zip:
    init_scale: [0.5, 0.2]
    step: [0.1, 1.0e-2]
replicates: 3
record: { every: 10 }
claims:
  - id: linear-at-exact-rank
    text: With k = r the error decays linearly
    where: { search_rank: 3 }
    metric: linear_rate
    expect: { below: 1.0e-8 }
    source: { calibration: "a test threshold" }
  - id: slope-across-scale
    text: The final error scales with the initialization
    metric: final_error
    aggregate: mean
    across: init_scale
    statistic: loglog_slope
    expect: { between: [0.5, 2] }
    source: { calibration: "a test threshold" }
  - id: overparameterized-slower
    text: k = 5 is slower than k = 3
    where: { search_rank: 5 }
    metric: final_error
    versus: { search_rank: 3 }
    expect: { near: 1, tolerance: 0.5 }
    source: { calibration: "a test threshold" }
notes: Step constants tuned; the paper does not print them.

"""
