import ExperimentKit
import Foundation
import ResultStore
@testable import Analysis
@testable import Runner
@testable import repro
import Specs

/// A spec over the real matrix-sensing schema, never run: 2 search ranks × 2 init scales ×
/// 3 replicates, a series figure and a metric figure.
let syntheticSpecText = """
    id: synthetic
    title: Synthetic runs, with a comma, a "quote" and
      a folded line
    paper: xiong2023
    model: matrix-sensing
    params: { n: 6, rank: 1, measurements: 80, parameterization: asymmetric, step: 0.1, iterations: 200 }
    sweep:
      search_rank: [1, 2]
      init_scale: [0.5, 0.25]
    replicates: 3
    figures:
      - id: err
        x: iteration
        y: error
        curves: search_rank
        where: { init_scale: 0.5 }
        log: [y]
      - id: rate
        x: init_scale
        y: linear_rate
        curves: search_rank
        band: quantiles
    claims:
      - id: rate-k1
        text: rate at k = 1, alpha = 0.5
        where: { search_rank: 1, init_scale: 0.5 }
        metric: linear_rate
        aggregate: median
        expect: { above: 0.15 }
        source: { calibration: "a test threshold" }

    """

func loadSynthetic() throws -> Spec {
    try SpecLoader(registry: Models.registry).load(text: syntheticSpecText, path: "synthetic.yaml")
}

/// A stored run for `point` with the given status and metrics.
func storedRun(_ point: RunPoint, status: String = "ok", metrics: [String: Double], commit: String = "c1",
               wall: Double = 1) -> StoredRun {
    let provenance = Provenance(reproVersion: "test", gitCommit: commit, gitDirty: false, host: "h", os: "linux",
                                blasConfig: "none", blasCore: "none", blasThreads: 1)
    let record = RunRecord(key: point.identity.key, model: "matrix-sensing", modelVersion: 1,
                           parametersJSON: point.parameters.canonicalJSON, replicate: point.replicate,
                           instanceSeed: 1, algorithmSeed: 2, status: status, message: nil,
                           startedAt: Date(timeIntervalSince1970: 0), wallSeconds: wall, provenance: provenance)
    return StoredRun(record: record, metrics: metrics)
}

/// The synthetic plan, every run stored ok with linear_rate = k·α + replicate/10 and
/// final_error = 10^-(k + replicate).
func syntheticRuns(_ spec: Spec) throws -> [PlannedRun] {
    try SweepRunner.plan(spec, registry: Models.registry).map { point in
        let k = Double(point.parameters["search_rank"]?.asDouble ?? 0)
        let alpha = point.parameters["init_scale"]?.asDouble ?? 0
        let r = Double(point.replicate)
        return PlannedRun(point: point, stored: storedRun(point, metrics: [
            "linear_rate": k * alpha + r / 10, "final_error": pow(10, -(k + r)),
        ]))
    }
}
