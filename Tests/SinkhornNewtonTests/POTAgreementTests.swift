import ExperimentKit
import Foundation
import Testing
@testable import SinkhornNewton

/// Our converged transport cost against POT's log-domain Sinkhorn (Python Optimal Transport,
/// `ot.sinkhorn(a, b, M, reg, method='sinkhorn_log')`). POT minimizes ⟨M, P⟩ − reg·H(P) with
/// H(P) = −Σ Pᵢⱼ(log Pᵢⱼ − 1); the maximizer of f is the minimizer of
/// ⟨C, P⟩ + (1/η)·Σ Pᵢⱼ(log Pᵢⱼ − 1) under the marginals, so the plans coincide at reg = 1/η.
@Suite struct POTAgreementTests {
    /// Reads {"a", "b", "M" (row lists), "reg"} on stdin, prints ⟨M, P⟩ of POT's plan; exits
    /// 77 when POT is not installed.
    static let script = """
        import json, sys
        try:
            import numpy as np, ot
        except ImportError as e:
            print(e, file=sys.stderr); sys.exit(77)
        d = json.load(sys.stdin)
        M = np.array(d["M"]); a = np.array(d["a"]); b = np.array(d["b"])
        P = ot.sinkhorn(a, b, M, d["reg"], method="sinkhorn_log", numItermax=200000, stopThr=1e-15, warn=False)
        print(repr(float((P * M).sum())), repr(float(np.abs(P.sum(1) - a).sum() + np.abs(P.sum(0) - b).sum())))
        """

    @Test(arguments: [5.0, 40.0])
    func theTransportCostEqualsPOTs(eta: Double) throws {
        let problem = pointCloud(6, 5, seed: 17)
        let n = problem.sourceCount, m = problem.targetCount
        func input(_ rows: Int, _ columns: Int, _ entries: [Double], _ name: String) -> ParameterValue {
            .matrix(MatrixInput(rows: rows, columns: columns, entries: entries, contentHash: name, source: name))
        }
        let outcome = try model([
            "family": .string("file"), "algorithm": .string("sinkhorn"), "eta": .double(eta),
            "iterations": .int(100_000), "tolerance": .double(1e-15),
            "cost_file": input(n, m, problem.cost.elements, "cost"), "source_file": input(n, 1, problem.source, "r"),
            "target_file": input(m, 1, problem.target, "c"),
        ]).run(seeds: RunSeeds(instance: 1, algorithm: 1), record: RecordPolicy(every: 1000))
        let ours = try #require(outcome.metrics["transport_cost"])
        #expect(outcome.metrics["final_marginal_error"] ?? 1 < 1e-14)

        let request: [String: Any] = [
            "a": problem.source, "b": problem.target, "reg": 1 / eta,
            "M": (0..<n).map { i in (0..<m).map { j in problem.cost[i, j] } },
        ]
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", Self.script]
        let stdin = Pipe(), stdout = Pipe(), stderr = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = stderr
        do { try process.run() } catch { try Test.cancel("python3 cannot be started: \(error)") }
        stdin.fileHandleForWriting.write(try JSONSerialization.data(withJSONObject: request))
        try stdin.fileHandleForWriting.close()
        let output = String(decoding: stdout.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let errors = String(decoding: stderr.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        if process.terminationStatus == 77 {
            try Test.cancel("POT is not installed (scripts/install-test-deps.sh installs it): \(errors)")
        }
        #expect(process.terminationStatus == 0, "\(errors)")
        let fields = output.split(whereSeparator: \.isWhitespace).compactMap { Double($0) }
        try #require(fields.count == 2, "POT printed: \(output) \(errors)")
        #expect(fields[1] < 1e-12, "POT's marginal error")
        #expect(abs(ours - fields[0]) < 1e-8 * fields[0], "ours \(ours), POT \(fields[0])")
    }
}
