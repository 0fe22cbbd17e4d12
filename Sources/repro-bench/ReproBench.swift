import ArgumentParser
import Foundation
import NumericsCore

/// `repro-bench`: the benchmark runner of `make bench`.
@main
struct ReproBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "repro-bench",
        abstract: "Times our iterations against NumPy peers, measures read bandwidth and allocations per iteration.",
        subcommands: [Run.self, Allocations.self],
        defaultSubcommand: Run.self)

    /// Measures everything and writes results.md and results.json.
    struct Run: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Run every benchmark; write results.md and results.json.")

        @Option(help: "Folder of results.md, results.json and reproduce-wall.txt.")
        var out = "bench"
        @Option(help: "Folder of the peer scripts.")
        var peers = "bench/peers"
        @Option(help: "Python interpreter of the peers.")
        var python = "python3"
        @Option(help: "Repetitions of each timing (median reported).")
        var repeats = 5
        @Option(help: "The Swift compiler's version line, for the machine description.")
        var swiftVersion = "unknown"
        @Flag(help: "Fewer iterations and repetitions: a sanity run, not figures.")
        var quick = false
        @Option(help: "Comma-separated parts to run: allocations, iterations, batches, sensitivities, transport, completion, store, programs (default: all).")
        var only = BenchRun.parts.joined(separator: ",")
        @Option(help: "The repro executable the store benchmark runs.")
        var repro = ".build/release/repro"
        @Option(help: "A repro of the previous store schema, run on the store benchmark's sweep too.")
        var baselineRepro: String?
        @Option(help: "Folder of the store benchmark's specs and scripts.")
        var storeFolder = "bench/store"
        @Option(help: "Scratch folder of the store benchmark (a few GB at a million runs).")
        var storeScratch = "results/store-bench"
        @Option(help: "Shard stores merged into the store benchmark's large store.")
        var storeShards = 100
        @Option(help: "Runs per shard store.")
        var storeRunsPerShard = 10_000

        func validate() throws {
            let unknown = Set(only.split(separator: ",").map(String.init)).subtracting(BenchRun.parts)
            if !unknown.isEmpty {
                throw ValidationError("--only: unknown part(s) \(unknown.sorted().joined(separator: ", ")); parts are \(BenchRun.parts.joined(separator: ", "))")
            }
        }

        func run() throws {
            BLASRuntime.setThreads(1)
            let store = StoreScale(repro: repro, baseline: baselineRepro, python: python, folder: storeFolder,
                                   scratch: storeScratch, shards: quick ? 4 : storeShards,
                                   runsPerShard: quick ? 1000 : storeRunsPerShard)
            let runner = BenchRun(peers: PeerProcess(python: python, folder: peers), repeats: quick ? 1 : repeats,
                                  quick: quick, swiftVersion: swiftVersion, out: out,
                                  only: Set(only.split(separator: ",").map(String.init)), store: store)
            let results = try runner.measure()
            try runner.write(results)
        }
    }

    /// The child that counts allocations (run under LD_PRELOAD of the interposer); prints JSON.
    struct Allocations: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Count mallocs per iteration of each loop (needs LD_PRELOAD of libMallocInterposerSwift.so).")

        func run() throws {
            BLASRuntime.setThreads(1)
            guard AllocationCount.interposerIsActive() else {
                throw ValidationError("the malloc interposer counts nothing: run with LD_PRELOAD=<dir>/\(AllocationCount.libraryName)")
            }
            let counts = try BenchRun.countAllocations()
            let encoder = JSONEncoder()
            print(String(decoding: try encoder.encode(counts), as: UTF8.self))
        }
    }
}
