import ExperimentKit
import Foundation
import MatrixCompletion
import NumericsCore

/// Alternating minimization for matrix completion (part `completion`): one iteration of ours
/// (`AlternatingMinimization.iterate()`: both half-steps and both QR steps) against the NumPy/SciPy
/// iteration of bench/peers/altmin_scipy.py, on the same planted instance from the same spectral
/// start (the observed entries and the starting factors written as .npy files for the peer). The
/// peer hands back how far its UVᵀ on Ω after one iteration is from ours; the floor is reading
/// each observed entry and the k entries of the fixed factor's row it points at, once per half-step.
struct CompletionTiming: Codable, Sendable {
    /// m, n, k and c of the planted instance (κ = 1, Bernoulli sampling, no noise).
    var rows: Int
    var columns: Int
    var rank: Int
    var oversampling: Double
    /// |Ω|.
    var observedCount: Int
    /// Ours, one entry per solver, the exact solver first.
    var ours: [Solver]
    /// The peers (bench/peers/altmin_scipy.py): normal equations over scipy.sparse, padded
    /// columns with batched matmul, per-column `lstsq`.
    var peers: [PeerComparison]
    /// The largest relative difference of UVᵀ on Ω after one iteration that counts as agreement.
    var agreementTolerance: Double
    /// Bytes one iteration reads at the least: the gathered rows of the fixed factor (8k bytes an
    /// entry and half-step) and the entries themselves (a 4-byte index and an 8-byte value).
    var gatheredBytes: Int
    var entryBytes: Int
    /// Read bandwidth over a buffer the size of a factor (where the gathered rows come from) and
    /// over one orientation's entries.
    var factorBandwidth: ReadBandwidth
    var entryBandwidth: ReadBandwidth
    /// gatheredBytes / factorBandwidth + entryBytes / entryBandwidth, seconds.
    var floorSeconds: Double
    /// Flops of the exact update's normal equations per iteration, 2·(k(k+1)/2 + k) an entry and
    /// half-step (Gram matrix and right side; the k×k Cholesky solves and the QR steps are left out).
    var flops: Double

    /// Our timing of one solver.
    struct Solver: Codable, Sendable {
        var solver: String
        /// Median and least seconds per iteration over the samples (one sample per iteration).
        var secondsPerIteration: Double
        var minimumSeconds: Double
        var samples: [Double]
        /// Median seconds per observed entry (secondsPerIteration / |Ω|).
        var secondsPerEntry: Double
    }

    /// The planted instance and its start: m = n = 4000, k = 10, c = 4 (|Ω| ≈ c·n·k·ln n ≈ 1.3·10⁶,
    /// 8% of the entries), spectral start with 30 subspace steps and trimming at 2; iterations
    /// timed per repetition.
    static let shape = (size: 4000, rank: 10, oversampling: 4.0, initIterations: 30, trim: 2.0, iterations: 2)

    /// The instance at `shape` (m = n = 1000 when `quick`) and its spectral start (Uᵀ, Vᵀ).
    static func instance(quick: Bool) throws -> (observed: ObservedEntries, start: (u: Matrix, v: Matrix)) {
        let size = quick ? 1000 : shape.size
        let planted = PlantedCompletion(rows: size, columns: size, rank: shape.rank, conditionNumber: 1,
                                        oversampling: shape.oversampling, sampling: .bernoulli, noise: 0)
        var generator = Xoshiro256StarStar(seed: benchSeeds.instance)
        let observed = try planted.draw(using: &generator).observed
        var initialization = Xoshiro256StarStar(seed: benchSeeds.algorithm)
        let start = try SpectralInitialization.factors(observed, rank: shape.rank, method: .spectral,
                                                       iterations: shape.initIterations, trim: shape.trim,
                                                       using: &initialization)
        return (observed, start)
    }

    /// Alternating minimization with `solver` from `start`.
    static func iteration(_ observed: ObservedEntries, start: (u: Matrix, v: Matrix), solver: UpdateSolver) throws
        -> AlternatingMinimization {
        try AlternatingMinimization(observed: observed, u: start.u, v: start.v, settings: UpdateSettings(solver: solver),
                                    seeds: benchSeeds)
    }

    /// Measures ours with each solver, writes the instance and our first exact iteration's UVᵀ on Ω
    /// for the peers, runs them, and measures the floor's bandwidths.
    static func measure(peers: PeerProcess, repeats: Int, quick: Bool, progress: (String) -> Void) throws -> CompletionTiming {
        let (observed, start) = try instance(quick: quick)
        let m = observed.rowCount, n = observed.columnCount, k = shape.rank, count = observed.count
        let label = "completion, m = \(m), n = \(n), k = \(k), |Ω| = \(count)"
        var ours: [Solver] = []
        var reference = Matrix(rows: count, columns: 1)
        for solver in UpdateSolver.allCases {
            progress("\(label): ours, solver \(solver.rawValue), \(max(1, repeats)) × \(shape.iterations) iteration(s)")
            var samples: [Double] = []
            for repetition in 0..<max(1, repeats) {
                var alternating = try iteration(observed, start: start, solver: solver)
                for step in 0..<shape.iterations {
                    let (seconds, finite) = try Stopwatch.time { try alternating.iterate() }
                    guard finite else {
                        throw BenchError.incompleteRun(workload: "completion \(solver.rawValue)", iterations: shape.iterations,
                                                       outcome: "a factor has an entry that is not finite at iteration \(step + 1)")
                    }
                    samples.append(seconds)
                    if solver == .exact, repetition == 0, step == 0 {
                        reference = product(alternating.u, alternating.v, on: observed.byColumn)
                    }
                }
            }
            let median = Statistics.median(samples)
            ours.append(Solver(solver: solver.rawValue, secondsPerIteration: median, minimumSeconds: samples.min() ?? .nan,
                               samples: samples, secondsPerEntry: median / Double(count)))
        }

        let files = try [("entries", entries(observed.byColumn)), ("u", start.u), ("v", start.v), ("reference", reference)]
            .map { name, matrix in try NPYFile.temporary(matrix, name: "completion-\(name)") }
        defer { for file in files { try? FileManager.default.removeItem(atPath: file) } }
        let arguments = ["--entries", files[0], "--u", files[1], "--v", files[2], "--reference", files[3],
                         "--repeat", "\(max(1, repeats))", "--iterations", "1"]
        let exact = ours.first?.secondsPerIteration ?? .nan
        let methods = [("NumPy/SciPy normal equations over scipy.sparse", "normal"),
                       ("NumPy/SciPy padded columns, batched matmul", "padded"), ("NumPy/SciPy lstsq per column", "lstsq")]
        let compared = methods.map { peer, method in
            peers.compare(peer, "altmin_scipy.py", arguments + ["--method", method], ours: exact) { progress("\(label): " + $0) }
        }

        let gathered = 2 * count * 8 * k, entryBytes = 2 * count * 12
        progress("\(label): read bandwidth at \(Format.bytes(8 * k * max(m, n))) and \(Format.bytes(entryBytes / 2))")
        let factorBandwidth = ReadBandwidth.measure(bytes: 8 * k * max(m, n), passes: 20)
        let (entryBandwidth, entryFloor) = ReadBandwidth.floor(bytesPerPass: entryBytes / 2)
        let floor = Double(gathered) / (factorBandwidth.gigabytesPerSecond * 1e9) + 2 * entryFloor
        return CompletionTiming(rows: m, columns: n, rank: k, oversampling: shape.oversampling, observedCount: count,
                                ours: ours, peers: compared, agreementTolerance: 1e-9, gatheredBytes: gathered,
                                entryBytes: entryBytes, factorBandwidth: factorBandwidth, entryBandwidth: entryBandwidth,
                                floorSeconds: floor, flops: Double(2 * count * 2 * (k * (k + 1) / 2 + k)))
    }

    /// The exact solver's timing.
    var exact: Solver? { ours.first { $0.solver == UpdateSolver.exact.rawValue } }

    /// The fastest peer with a result (the one the target counts against).
    var fastestPeer: PeerComparison? {
        peers.filter { $0.result != nil }.min { ($0.result?.seconds ?? .infinity) < ($1.result?.seconds ?? .infinity) }
    }

    /// The largest relative difference of a peer's UVᵀ on Ω from ours after one iteration (nil when
    /// no peer reported one).
    var agreement: Double? { peers.compactMap { $0.result?.relativeDifference }.max() }

    /// (UVᵀ)_ij at every entry of `entries` (columns outer), as an |Ω|×1 matrix, from Uᵀ (k×m) and Vᵀ (k×n).
    static func product(_ u: Matrix, _ v: Matrix, on entries: CompressedEntries) -> Matrix {
        let k = u.rows
        var out = [Double](repeating: 0, count: entries.count)
        for j in 0..<entries.outerCount {
            for e in entries.starts[j]..<entries.starts[j + 1] {
                let i = Int(entries.indices[e])
                var sum = 0.0
                for l in 0..<k { sum += u.elements[l + i * k] * v.elements[l + j * k] }
                out[e] = sum
            }
        }
        return Matrix(rows: entries.count, columns: 1, columnMajor: out)
    }

    /// The entries as an |Ω|×3 matrix of (row, column, value), 0-based, in the order of `entries` (columns outer).
    static func entries(_ entries: CompressedEntries) -> Matrix {
        let count = entries.count
        var out = [Double](repeating: 0, count: 3 * count)
        for j in 0..<entries.outerCount {
            for e in entries.starts[j]..<entries.starts[j + 1] {
                out[e] = Double(entries.indices[e])
                out[count + e] = Double(j)
                out[2 * count + e] = entries.values[e]
            }
        }
        return Matrix(rows: count, columns: 3, columnMajor: out)
    }

    /// Our iteration loop's allocations with each solver, at the full shape from the spectral start:
    /// T₁ = 1 and T₂ = 3 iterations.
    static func countAllocations() throws -> [AllocationCount] {
        let (observed, start) = try instance(quick: false)
        return try UpdateSolver.allCases.map { solver in
            try AllocationCount.count("matrix-completion AltMin iteration (\(solver.rawValue))", short: 1, long: 3) { t in
                var alternating = try iteration(observed, start: start, solver: solver)
                for _ in 0..<t { _ = try alternating.iterate() }
            }
        }
    }
}
