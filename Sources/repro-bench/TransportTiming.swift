import ExperimentKit
import Foundation
import NumericsCore
import SinkhornNewton

/// Entropic optimal transport on one point cloud, ours against the peers a user would pick, on
/// the same instance (its cost and marginals written as .npy files for the peers): our
/// Sinkhorn iteration against POT's `ot.sinkhorn` (scaling and log-domain methods), per
/// iteration, with the floor of one pass over the n·n' kernel; our SNS against a NumPy/SciPy
/// SNS (bench/peers/sns_numpy.py), seconds from x = y = 0 to the tolerance.
struct TransportTiming: Codable, Sendable {
    /// n = n', points of the cloud.
    var n: Int
    /// η.
    var eta: Double
    /// The SNS runs' tolerance on the marginal error.
    var tolerance: Double
    /// Ours: median seconds per Sinkhorn iteration (the model's `sinkhorn_iteration_seconds`:
    /// algorithm time only) over the repetitions, and the samples.
    var sinkhornSeconds: Double
    var sinkhornSamples: [Double]
    /// POT, one entry per method.
    var pot: [PeerComparison]
    /// Bytes of one pass over the kernel (n·n' doubles), the read bandwidth at that size, and
    /// the floor bytes / bandwidth.
    var bytesPerPass: Int
    var bandwidth: ReadBandwidth
    var floorSeconds: Double
    /// floorSeconds / ours (1 = at the floor).
    var fractionOfFloor: Double
    /// Ours: median seconds of an SNS run to the tolerance (`total_seconds`), the samples, and
    /// the iterations of the last run (Sinkhorn warm start + Newton steps).
    var snsSeconds: Double
    var snsSamples: [Double]
    var snsNewtonSteps: Int
    var snsIterations: Int
    /// Our transport cost at the tolerance (the peers' checksums are theirs).
    var transportCost: Double
    /// The NumPy/SciPy SNS.
    var snsPeer: PeerComparison

    /// The workload: a uniform point cloud, squared Euclidean cost scaled to max C = 1, random
    /// marginals; at n = 2000 the kernel (32 MB) does not fit in a 32 MB L3 beside the cost.
    static let shape = (n: 2000, eta: 1000.0, tolerance: 1e-10, sinkhornIterations: 60)

    /// The model at `shape` with `algorithm` and the rest of the parameters at their defaults.
    static func model(_ algorithm: TransportAlgorithm, iterations: Int, tolerance: Double, quick: Bool) throws -> SinkhornNewton {
        let n = quick ? 500 : shape.n
        return try SinkhornNewton(parameters: SinkhornNewton.schema.resolve(ParameterSet([
            "algorithm": .string(algorithm.rawValue), "family": .string("point-cloud"), "n": .int(n),
            "marginals": .string("random"), "eta": .double(shape.eta), "iterations": .int(iterations),
            "tolerance": .double(tolerance),
        ])))
    }

    /// Measures ours, writes the instance for the peers, and runs them.
    static func measure(peers: PeerProcess, repeats: Int, quick: Bool, progress: (String) -> Void) throws -> TransportTiming {
        let sinkhorn = try model(.sinkhorn, iterations: shape.sinkhornIterations, tolerance: 1e-300, quick: quick)
        let sns = try model(.sns, iterations: 1000, tolerance: shape.tolerance, quick: quick)
        let problem = try sinkhorn.instance(seed: benchSeeds.instance)
        let n = problem.sourceCount, record = RecordPolicy(every: 1_000_000)

        progress("transport, n = \(n): our Sinkhorn, \(repeats) run(s) of \(shape.sinkhornIterations) iterations")
        var sinkhornSamples: [Double] = []
        for _ in 0..<max(1, repeats) {
            let outcome = try sinkhorn.run(seeds: benchSeeds, record: record)
            guard outcome.status == .ok, let seconds = outcome.metrics["sinkhorn_iteration_seconds"] else {
                throw BenchError.incompleteRun(workload: "transport sinkhorn", iterations: shape.sinkhornIterations,
                                               outcome: outcome.message ?? outcome.status.rawValue)
            }
            sinkhornSamples.append(seconds)
        }
        progress("transport, n = \(n): our SNS to \(shape.tolerance), \(repeats) run(s)")
        var snsSamples: [Double] = []
        var last = Outcome(status: .ok, metrics: [:], series: [:])
        for _ in 0..<max(1, repeats) {
            last = try sns.run(seeds: benchSeeds, record: record)
            guard last.status == .ok, let seconds = last.metrics["total_seconds"],
                  (last.metrics["final_marginal_error"] ?? .infinity) < shape.tolerance else {
                throw BenchError.incompleteRun(workload: "transport sns to \(shape.tolerance)", iterations: 1000,
                                               outcome: "marginal error \(last.metrics["final_marginal_error"] ?? .nan)")
            }
            snsSamples.append(seconds)
        }

        let files = try [("cost", problem.cost), ("source", Matrix(rows: n, columns: 1, columnMajor: problem.source)),
                         ("target", Matrix(rows: problem.targetCount, columns: 1, columnMajor: problem.target))]
            .map { name, matrix in try NPYFile.temporary(matrix, name: "transport-\(name)") }
        defer { for file in files { try? FileManager.default.removeItem(atPath: file) } }
        let instance = ["--cost", files[0], "--source", files[1], "--target", files[2], "--eta", "\(shape.eta)",
                        "--repeat", "\(max(1, repeats))"]
        let ours = Statistics.median(sinkhornSamples), oursSNS = Statistics.median(snsSamples)
        func run(_ label: String, _ script: String, _ arguments: [String], ours: Double) -> PeerComparison {
            peers.compare(label, script, instance + arguments, ours: ours) { progress("transport, n = \(n): " + $0) }
        }
        let pot = ["sinkhorn", "sinkhorn_log"].map { method in
            run("POT ot.sinkhorn method=\(method)", "sinkhorn_pot.py",
                ["--method", method, "--iterations", method == "sinkhorn" ? "100" : "20"], ours: ours)
        }
        let peerSNS = run("NumPy/SciPy SNS", "sns_numpy.py", ["--tolerance", "\(shape.tolerance)", "--iterations", "1000"],
                          ours: oursSNS)

        let bytes = 8 * n * problem.targetCount
        progress("transport, n = \(n): read bandwidth at \(Format.bytes(bytes))")
        let (bandwidth, floor) = ReadBandwidth.floor(bytesPerPass: bytes)
        return TransportTiming(
            n: n, eta: shape.eta, tolerance: shape.tolerance, sinkhornSeconds: ours, sinkhornSamples: sinkhornSamples,
            pot: pot, bytesPerPass: bytes, bandwidth: bandwidth, floorSeconds: floor, fractionOfFloor: floor / ours,
            snsSeconds: oursSNS, snsSamples: snsSamples, snsNewtonSteps: Int(last.metrics["newton_iterations"] ?? 0),
            snsIterations: Int(last.metrics["iterations"] ?? 0), transportCost: last.metrics["transport_cost"] ?? .nan,
            snsPeer: peerSNS)
    }
}
