import ExperimentKit
import Foundation
import MallocInterposerSwift

/// Allocations (malloc calls) per iteration of a workload's iteration loop in steady state,
/// by difference of a T₂- and a T₁-iteration run, so the setup's allocations cancel (the
/// allocation target of `Acceptance`). Counted by ordo-one/malloc-interposer, which counts only
/// when its library is LD_PRELOADed: `repro-bench allocations` runs in such a child process.
struct AllocationCount: Codable, Sendable {
    /// The workload id (a batch: id + " batch of N").
    var workload: String
    /// T₁ and T₂.
    var shortIterations: Int
    var longIterations: Int
    /// malloc calls of the T₁ and T₂ runs.
    var shortMallocs: Int
    var longMallocs: Int

    /// (malloc calls of T₂ − of T₁) / (T₂ − T₁).
    var mallocsPerIteration: Double

    /// Counts `run(T)` for T₁ = `short` and T₂ = `long`, after one uncounted warm-up run (which
    /// takes the one-time allocations: runtime metadata, BLAS buffers).
    static func count(_ workload: String, short: Int, long: Int, run: (Int) throws -> Void) throws -> AllocationCount {
        try run(short)
        let first = try counted { try run(short) }
        let second = try counted { try run(long) }
        return AllocationCount(workload: workload, shortIterations: short, longIterations: long,
                               shortMallocs: first.mallocCount, longMallocs: second.mallocCount,
                               mallocsPerIteration: Double(second.mallocCount - first.mallocCount) / Double(long - short))
    }

    /// The malloc statistics of `body` alone.
    static func counted(_ body: () throws -> Void) rethrows -> MallocInterposerSwift.Statistics {
        MallocInterposerSwift.reset()
        MallocInterposerSwift.hook()
        do { try body() } catch {
            MallocInterposerSwift.unhook()
            throw error
        }
        MallocInterposerSwift.unhook()
        return MallocInterposerSwift.getStatistics()
    }

    /// True when the interposer sees allocations (its library was preloaded): a fresh array counts.
    static func interposerIsActive() -> Bool {
        let statistics = counted {
            let probe = UnsafeMutablePointer<Double>.allocate(capacity: 1000)
            probe.deallocate()
        }
        return statistics.mallocCount > 0
    }

    /// The file name of the interposer's library, built next to `repro-bench`.
    static let libraryName = "libMallocInterposerSwift.so"

    /// Bytes a one-iteration run of `run` allocates (the operator dominates: it tells full from packed storage).
    static func bytes(_ run: (Int) throws -> Void) rethrows -> Int {
        try counted { try run(1) }.mallocBytesCount
    }

    /// Runs `repro-bench allocations` under LD_PRELOAD of the interposer and decodes its JSON.
    static func inChild(executable: String, arguments: [String]) throws -> AllocationReport {
        let folder = URL(fileURLWithPath: executable).deletingLastPathComponent().path
        var environment = ProcessInfo.processInfo.environment
        environment["LD_PRELOAD"] = folder + "/" + libraryName
        let output = try PeerProcess.capture(executable: executable, ["allocations"] + arguments, environment: environment)
        guard output.status == 0 else {
            throw BenchError.peer(script: "repro-bench allocations", reason: "exited with status \(output.status)")
        }
        return try JSONDecoder().decode(AllocationReport.self, from: Data(output.stdout.utf8))
    }
}

/// What `repro-bench allocations` prints: the counts per loop and the bytes a one-iteration run
/// of each workload allocates, by workload id.
struct AllocationReport: Codable, Sendable {
    var counts: [AllocationCount]
    var runBytes: [String: Int]
}
