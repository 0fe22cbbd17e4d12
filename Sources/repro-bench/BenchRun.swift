import ExperimentKit
import Foundation
import NumericsCore

/// One `make bench` run: allocations (in a child), bandwidth, every workload with its peer,
/// batches, sensitivities, optimal transport, the store, the recorded `make reproduce` time, and
/// the acceptance lines.
struct BenchRun {
    var peers: PeerProcess
    var repeats: Int
    var quick: Bool
    var swiftVersion: String
    /// Folder of the results.
    var out: String
    /// The parts to run (`BenchRun.parts`); the others are left out of the results.
    var only: Set<String>
    /// The store benchmark's settings (part `store`).
    var store: StoreScale

    /// The parts of a run, in order.
    static let parts = ["allocations", "iterations", "batches", "sensitivities", "transport", "completion", "store", "programs"]

    /// n, d and the exponents of the sensitivity workloads.
    static let sensitivityShape = (n: 4000, d: 10, exponents: [1.0, 3.0])

    /// Measures everything, printing progress on stderr.
    func measure() throws -> BenchResults {
        let date = ISO8601DateFormatter().string(from: Date())
        let machine = MachineDescription.read(swiftVersion: swiftVersion, peerInfo: peerInfo())
        let workloads = IterationWorkload.all(quick: quick)

        let (allocations, allocationNote) = only.contains("allocations")
            ? allocationsInChild() : (AllocationReport(counts: [], runBytes: [:]), "Not counted in this run (--only).")

        progress("read bandwidth at 24 MB (L3) and 400 MB (DRAM)")
        let reference = [ReadBandwidth.measure(bytes: 24_000_000, passes: 20), ReadBandwidth.measure(bytes: 400_000_000, passes: 5)]

        var measured: [WorkloadResult] = []
        for workload in workloads where only.contains("iterations") {
            measured.append(try measure(workload, allocatedBytes: allocations.runBytes[workload.id]))
        }
        var batches: [BatchTiming] = []
        for workload in workloads where !workload.batchValues.isEmpty && only.contains("batches") {
            progress("\(workload.id): batch of \(workload.batchValues.count) against one point")
            batches.append(try BatchTiming.measure(workload, repeats: repeats))
        }
        let shape = Self.sensitivityShape
        let matrix = SensitivityTiming.matrix(n: shape.n, d: shape.d)
        let matrixFile = try NPYFile.temporary(matrix, name: "sensitivity-matrix")
        defer { try? FileManager.default.removeItem(atPath: matrixFile) }
        var sensitivities: [SensitivityResult] = []
        for kind in SensitivityTiming.Kind.allCases where only.contains("sensitivities") {
            for p in shape.exponents {
                sensitivities.append(try measure(kind, matrix, file: matrixFile, p: p))
            }
        }
        let transport = only.contains("transport")
            ? try TransportTiming.measure(peers: peers, repeats: repeats, quick: quick, progress: progress) : nil
        let completion = only.contains("completion")
            ? try CompletionTiming.measure(peers: peers, repeats: repeats, quick: quick, progress: progress) : nil
        let storeResult = only.contains("store") ? try store.measure(progress: progress) : nil
        let programs = only.contains("programs")
            ? try ProgramOverhead.measure(python: peers.python, repeats: repeats, quick: quick, progress: progress) : nil
        var results = BenchResults(date: date, quick: quick, machine: machine, loadAtEnd: MachineDescription.load(), bandwidth: reference,
                                   workloads: measured, batches: batches, sensitivities: sensitivities, transport: transport,
                                   completion: completion,
                                   allocations: allocations.counts, allocationNote: allocationNote,
                                   reproduceWall: reproduceWall(), store: storeResult, programs: programs, acceptance: [])
        results.acceptance = Acceptance.judge(results)
        return results
    }

    /// Ours (differential), the peer, and the floor of one iterative workload.
    func measure(_ workload: IterationWorkload, allocatedBytes: Int?) throws -> WorkloadResult {
        progress("\(workload.id): ours, T₁ = \(workload.shortRun), T₂ = \(workload.longRun), \(repeats) repetition(s)")
        let ours = try DifferentialTiming.measure(short: workload.shortRun, long: workload.longRun, repeats: repeats) { t in
            let outcome = try workload.experiment(iterations: t).run(seeds: benchSeeds, record: sparseRecording)
            try DifferentialTiming.requireComplete(outcome, iterations: t, workload: workload.id)
        }
        progress("\(workload.id): NumPy peer \(workload.peerScript)")
        var peer: PeerResult?
        var peerError: String?
        do {
            peer = try peers.run(workload.peerScript, workload.peerOptions + [
                "--seed", "\(benchSeeds.instance)", "--repeat", "\(repeats)", "--iterations", "\(workload.peerIterations)"])
        } catch {
            peerError = "\(error)"
        }
        let layout = OperatorBytes.detect(side: workload.side, measurements: workload.measurements, allocatedBytes: allocatedBytes)
        let bytes = layout.bytesPerPass
        progress("\(workload.id): read bandwidth at \(Format.bytes(bytes))")
        let (bandwidth, floor) = ReadBandwidth.floor(bytesPerPass: bytes)
        return WorkloadResult(id: workload.id, title: workload.title, ours: ours, peer: peer, peerError: peerError,
                              speedup: peer.map { $0.seconds / ours.secondsPerIteration }, operatorBytes: layout,
                              bytesPerPass: bytes, bandwidth: bandwidth, floorSeconds: floor,
                              fractionOfFloor: floor / ours.secondsPerIteration)
    }

    /// Ours and the peer (when its script exists) of one sensitivity workload on `matrix`
    /// (written to `file` for the peer). Exact sensitivities: the peer times the first
    /// `peerRows` rows and scales to n (a full SciPy LP pass takes minutes).
    func measure(_ kind: SensitivityTiming.Kind, _ matrix: Matrix, file: String, p: Double) throws -> SensitivityResult {
        let label = "\(kind.rawValue), n = \(matrix.rows), d = \(matrix.columns), p = \(SensitivityTiming.format(p))"
        let rows = kind == .exact ? (quick ? 20 : 200) : matrix.rows
        progress("\(label): ours, up to \(repeats) call(s) or 30 s")
        let ours = try SensitivityTiming.measure(kind, matrix, p: p, repeats: repeats, budget: 30, rows: rows)
        guard peers.has(kind.peerScript) else {
            return SensitivityResult(ours: ours, peerError: "no peer: bench/peers/\(kind.peerScript) does not exist yet")
        }
        progress("\(label): peer \(kind.peerScript)")
        do {
            let peer = try peers.run(kind.peerScript, ours.peerArguments(matrix: file, repeats: ours.samples.count, rows: rows))
            return SensitivityResult(ours: ours, peer: peer, speedup: peer.seconds / ours.secondsPerCall)
        } catch {
            return SensitivityResult(ours: ours, peerError: "\(error)")
        }
    }

    /// The child's allocation report and how it was counted, or an empty report and why not.
    func allocationsInChild() -> (AllocationReport, String) {
        progress("allocations per iteration (child process, interposer preloaded)")
        do {
            let report = try AllocationCount.inChild(executable: Self.executablePath(), arguments: [])
            return (report, "Counted by ordo-one/malloc-interposer (`repro-bench allocations`, run with LD_PRELOAD of "
                + "\(AllocationCount.libraryName)): malloc calls of a T₂-iteration run minus those of a T₁-iteration run, "
                + "over T₂ − T₁, so the setup's allocations cancel; the runs record every 10th iteration, as the specs do. "
                + "In these runs the trajectory stands still after the first steps (matrix sensing: step 1e-300; SubGM: "
                + "decay 1e-300), so the summary a run builds when it ends (hitting times reached, fit windows) is the same "
                + "for T₁ and T₂ and only the loop's allocations remain; with a moving trajectory the longer run reaches "
                + "more thresholds and its summary allocates a few more strings and dictionary entries per point. "
                + "The n = 100 workload runs the same loop as n = 50 and is not counted again. Matrix completion: "
                + "`AlternatingMinimization.iterate()` from the spectral start of part `completion`'s instance, T₁ = 1, T₂ = 3.")
        } catch {
            return (AllocationReport(counts: [], runBytes: [:]), "Not counted: \(error)")
        }
    }

    /// Every loop's allocations per iteration, recording every 10th iteration as the specs do
    /// (the child `repro-bench allocations`), and each workload's allocated bytes.
    static func countAllocations() throws -> AllocationReport {
        var report = AllocationReport(counts: [], runBytes: [:])
        let recording = RecordPolicy(every: 10)
        for workload in IterationWorkload.all(quick: true) {
            let single = { (overrides: [String: ParameterValue]) in { (t: Int) throws -> Void in
                let outcome = try workload.experiment(iterations: t, overrides: overrides).run(seeds: benchSeeds, record: recording)
                try DifferentialTiming.requireComplete(outcome, iterations: t, workload: workload.id)
            } }
            report.runBytes[workload.id] = try AllocationCount.bytes(single([:]))
            guard let runs = workload.allocationRuns else { continue }
            report.counts.append(try AllocationCount.count(workload.id, short: runs.short, long: runs.long,
                                                           run: single(workload.frozen)))
            if let batch = BatchTiming.runner(workload, record: recording, overrides: workload.frozen) {
                report.counts.append(try AllocationCount.count(workload.id + " batch of \(workload.batchValues.count)",
                                                               short: runs.short, long: runs.long, run: batch))
            }
        }
        report.counts += try CompletionTiming.countAllocations()
        return report
    }

    /// blas_info.py's JSON line, or why there is none.
    func peerInfo() -> String {
        do {
            let output = try PeerProcess.capture(executable: "/usr/bin/env", [peers.python, peers.folder + "/blas_info.py"],
                                                 environment: PeerProcess.environment())
            return output.status == 0 ? output.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
                : "blas_info.py exited with status \(output.status)"
        } catch {
            return "blas_info.py did not run: \(error)"
        }
    }

    /// The line of `out`/reproduce-wall.txt, when it exists.
    func reproduceWall() -> String? {
        let text = MachineDescription.text(out + "/reproduce-wall.txt").trimmingCharacters(in: .whitespacesAndNewlines)
        return text.isEmpty ? nil : text
    }

    /// Writes results.json and results.md into `out`.
    func write(_ results: BenchResults) throws {
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        try encoder.encode(results).write(to: URL(fileURLWithPath: out + "/results.json"))
        try MarkdownReport.render(results).write(toFile: out + "/results.md", atomically: true, encoding: .utf8)
        progress("wrote \(out)/results.md and \(out)/results.json")
        for line in results.acceptance { progress("\(line.verdict.rawValue): \(line.criterion) — \(line.numbers)") }
    }

    /// This executable's path (the child re-runs it).
    static func executablePath() -> String {
        URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().path
    }

    /// A progress line on stderr.
    func progress(_ line: String) {
        FileHandle.standardError.write(Data(("repro-bench: " + line + "\n").utf8))
    }
}
