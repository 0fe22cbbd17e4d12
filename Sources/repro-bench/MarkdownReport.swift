import Foundation

/// bench/results.md: the machine, the bandwidths, every workload side by side, the
/// allocations per iteration and the targets with their verdicts.
enum MarkdownReport {
    static func render(_ r: BenchResults) -> String {
        var out: [String] = []
        out.append("# repro benchmarks (`make bench`)")
        out.append("")
        if r.quick {
            out.append("**Sanity run (`--quick`: fewer iterations, one repetition): these are not figures.**")
            out.append("")
        }
        out.append("Run \(r.date). Ours and the NumPy peers ran one after the other in this one run, each with one BLAS "
            + "thread (OPENBLAS_NUM_THREADS=1 for the peers, `openblas_set_num_threads(1)` for ours). Timings on a "
            + "machine shared with other work are noisy: see the load averages below. Written by `repro-bench`; "
            + "the same figures are in `bench/results.json`.")
        out.append("")
        out.append("## Machine")
        out.append("")
        let m = r.machine
        out.append(table(["", ""], [
            ["CPU", m.cpu], ["logical cores", "\(m.logicalCores)"], ["caches (cpu0)", m.caches], ["memory", m.memory],
            ["OS", "\(m.operatingSystem), kernel \(m.kernel)"], ["Swift", m.swift],
            ["BLAS, ours", m.oursBLAS], ["BLAS, NumPy peers", m.peerBLAS],
            ["load average at start / end", "\(m.loadAtStart) / \(r.loadAtEnd)"],
        ]))
        out.append("")
        out.append("## Read bandwidth")
        out.append("")
        out.append("The faster of a plain sum over a buffer (four 4-wide accumulators) and OpenBLAS's `ddot(x, x)` (one read of x), best of several passes after a warm-up pass.")
        out.append("")
        let sizes = r.bandwidth.map { ("reference", $0) } + r.workloads.map { ("floor of \($0.id)", $0.bandwidth) }
        out.append(table(["buffer", "GB/s", "passes", "used for"], sizes.map { use, b in
            [Format.bytes(b.bytes), Format.rate(b.gigabytesPerSecond), "\(b.passes)", use]
        }))
        out.append("")
        out.append("## Iterations: ours against NumPy")
        out.append("")
        out.append("Ours: per iteration = (t(T₂) − t(T₁)) / (T₂ − T₁) of whole runs through `Experiment.run(seeds:record:)`, "
            + "median over repetitions, so the instance generation cancels. Peer: seconds per iteration of its loop after "
            + "setup and a warm-up, median over repetitions (bench/peers/). Floor = one pass over the operator as stored at "
            + "the bandwidth measured at that size; a two-pass iteration (residuals, then gradient) reads twice the bytes.")
        out.append("")
        out.append(table(["workload", "ours", "NumPy", "NumPy / ours", "operator bytes per pass", "floor", "floor / ours"],
                         r.workloads.map { w in
            [w.title, Format.seconds(w.ours.secondsPerIteration), w.peer.map { Format.seconds($0.seconds) } ?? (w.peerError ?? "n/a"),
             w.speedup.map(Format.ratio) ?? "n/a",
             "\(Format.bytes(w.bytesPerPass)) (\(w.operatorBytes.layout.rawValue); full \(Format.bytes(w.operatorBytes.fullBytes)), "
                + "packed \(Format.bytes(w.operatorBytes.packedBytes)))",
             Format.seconds(w.floorSeconds), Format.percent(w.fractionOfFloor)]
        }))
        out.append("")
        for w in r.workloads {
            out.append("- \(w.id): T₁ = \(w.ours.shortIterations), T₂ = \(w.ours.longIterations), ours' samples "
                + w.ours.samples.map(Format.seconds).joined(separator: ", ") + "; layout: \(w.operatorBytes.evidence)"
                + (w.peer.map { "; peer `\($0.command)` (\($0.peer), checksum \($0.checksum))" } ?? ""))
        }
        out.append("")
        out.append("## Batched sweep points")
        out.append("")
        out.append(table(["workload", "points", "differ in", "batch per iteration", "one point per iteration", "batch / one", "note"],
                         r.batches.map { b in
            [b.workload, "\(b.points)", b.axis, b.batch.map { Format.seconds($0.secondsPerIteration) } ?? "n/a",
             b.single.map { Format.seconds($0.secondsPerIteration) } ?? "n/a", b.ratio.map(Format.ratio) ?? "n/a", b.note]
        }))
        out.append("")
        out.append("## Lewis weights and exact sensitivities")
        out.append("")
        out.append("Per call on an n×d Gaussian matrix (ours: orthonormal basis, then the scores; tolerances are the model's "
            + "defaults, 1e-12 for Lewis, relative gap 1e-8 for sensitivities). Median over repetitions.")
        out.append("")
        out.append(table(["scores", "n", "d", "p", "ours", "peer", "peer / ours", "Σ scores, ours / peer"], r.sensitivities.map { s in
            let rows = s.peer?.rowsTimed
            let checksums = rows.map { "first \($0) rows: \(s.ours.partialChecksum) / " } ?? "\(s.ours.checksum) / "
            return [s.ours.kind.rawValue, "\(s.ours.n)", "\(s.ours.d)", SensitivityTiming.format(s.ours.p),
                    Format.seconds(s.ours.secondsPerCall) + " (\(s.ours.samples.count) call(s))",
                    s.peer.map { Format.seconds($0.seconds) + (rows.map { " (\($0) rows timed, scaled to n)" } ?? "") }
                        ?? (s.peerError ?? "n/a"),
                    s.speedup.map(Format.ratio) ?? "n/a", checksums + (s.peer.map { "\($0.checksum)" } ?? "n/a")]
        }))
        out.append("")
        out.append("Both sides run on the same matrix (the peer reads it with `--matrix`).")
        for s in r.sensitivities {
            if let peer = s.peer { out.append("- \(s.ours.id): peer `\(peer.command)` (\(peer.peer))") }
        }
        out.append("")
        if let t = r.transport { out += transport(t) }
        if let c = r.completion { out += completion(c) }
        out.append("## Allocations per iteration")
        out.append("")
        out.append(r.allocationNote)
        out.append("")
        out.append(table(["loop", "T₁", "T₂", "mallocs T₁", "mallocs T₂", "per iteration"], r.allocations.map { a in
            [a.workload, "\(a.shortIterations)", "\(a.longIterations)", "\(a.shortMallocs)", "\(a.longMallocs)", Format.count(a.mallocsPerIteration)]
        }))
        out.append("")
        out.append("## make reproduce")
        out.append("")
        out.append(r.reproduceWall.map { "`\($0)` (from bench/reproduce-wall.txt)" }
            ?? "No bench/reproduce-wall.txt: `make reproduce` writes it.")
        out.append("")
        if let store = r.store { out += StoreReport.markdown(store) }
        if let programs = r.programs { out += programs.markdown }
        out.append("## Targets")
        out.append("")
        out.append(table(["criterion", "verdict", "numbers"], r.acceptance.map { [$0.criterion, $0.verdict.rawValue, $0.numbers] }))
        out.append("")
        return out.joined(separator: "\n")
    }

    /// The optimal-transport section.
    static func transport(_ t: TransportTiming) -> [String] {
        var out = ["## Entropic optimal transport", ""]
        out.append("A uniform point cloud of n = \(t.n) points against n = \(t.n), squared Euclidean cost scaled to max C = 1, "
            + "random marginals, η = \(Format.count(t.eta)) (POT's reg = 1/η); the peers read the same cost and marginals "
            + "from .npy files. Sinkhorn: seconds per iteration (ours: the model's algorithm time per iteration, median "
            + "over \(t.sinkhornSamples.count) run(s); POT: a call's time over its iterations, median over calls). SNS: "
            + "seconds from x = y = 0 to a marginal error below \(t.tolerance), both with 20 Sinkhorn warm-start "
            + "iterations, kept fraction 0.05 and conjugate-gradient tolerance 1e-6.")
        out.append("")
        var rows: [[String]] = t.pot.map { p in
            ["Sinkhorn iteration vs \(p.label)", Format.seconds(t.sinkhornSeconds),
             p.result.map { Format.seconds($0.seconds) } ?? (p.error ?? "n/a"), p.speedup.map(Format.ratio) ?? "n/a",
             p.result.map { "\($0.checksum)" } ?? "n/a"]
        }
        let sns = t.snsPeer
        let oursSNS = Format.seconds(t.snsSeconds) + " (\(t.snsIterations) iterations, \(t.snsNewtonSteps) Newton)"
        let peerSNS = sns.result.map { Format.seconds($0.seconds) } ?? (sns.error ?? "n/a")
        let checksum = sns.result.map { "\($0.checksum) (ours \(t.transportCost))" } ?? "n/a"
        rows.append(["SNS to \(t.tolerance) vs \(sns.label)", oursSNS, peerSNS, sns.speedup.map(Format.ratio) ?? "n/a", checksum])
        out.append(table(["", "ours", "peer", "peer / ours", "checksum (peer)"], rows))
        out.append("")
        out.append("Floor of a Sinkhorn iteration: one pass over the kernel, \(Format.bytes(t.bytesPerPass)) at "
            + "\(Format.rate(t.bandwidth.gigabytesPerSecond)) = \(Format.seconds(t.floorSeconds)); ours reaches "
            + "\(Format.percent(t.fractionOfFloor)) of it (one pass per iteration: the column step and the next row "
            + "step's product are fused; POT's scaling form reads the kernel twice).")
        out += commands(t.pot + [sns])
        out.append("")
        return out
    }

    /// The matrix-completion section.
    static func completion(_ c: CompletionTiming) -> [String] {
        var out = ["## Matrix completion (alternating minimization)", ""]
        out.append("A planted rank-\(c.rank) \(c.rows)×\(c.columns) matrix (κ = 1, no noise), Ω Bernoulli with oversampling "
            + "c = \(Format.count(c.oversampling)): |Ω| = \(c.observedCount); spectral start. One iteration = the update of V "
            + "(a k×k least-squares problem per column), the QR of V pushing R into U, the update of U (per row), the QR of U "
            + "pushing R into V. Ours: `AlternatingMinimization.iterate()`, each iteration timed, median (and least) over "
            + "\(c.exact?.samples.count ?? 0) iterations from fresh starts. The peers (bench/peers/altmin_scipy.py) read the "
            + "entries and the starting factors from .npy files and time iterations after one warm-up iteration, median over "
            + "repetitions. The first forms every normal equation at once over scipy.sparse (blocks of columns, the k² "
            + "products of each entry's factor row summed by a sparse indicator product), the second pads every column's "
            + "gathered factor rows to the longest column and forms the normal equations by batched `numpy.matmul`; both "
            + "solve them with one batched `numpy.linalg.solve`; the third calls `numpy.linalg.lstsq` per column and row. "
            + "The target counts against the fastest.")
        out.append("")
        var rows: [[String]] = c.ours.map { s in
            ["ours, solver \(s.solver)", Format.seconds(s.secondsPerIteration), Format.seconds(s.minimumSeconds),
             Format.seconds(s.secondsPerEntry), "", ""]
        }
        let exact = c.exact?.secondsPerIteration ?? .nan
        rows += c.peers.map { p in
            [p.label, p.result.map { Format.seconds($0.seconds) } ?? (p.error ?? "n/a"), "",
             p.result.map { Format.seconds($0.seconds / Double(c.observedCount)) } ?? "n/a",
             p.speedup.map(Format.ratio) ?? "n/a", p.result?.relativeDifference.map { "\($0)" } ?? "n/a"]
        }
        out.append(table(["", "per iteration (median)", "least", "per observed entry", "peer / ours (exact)",
                          "UVᵀ on Ω after one iteration, relative difference from ours"], rows))
        out.append("")
        out.append("Floor of an iteration: each observed entry read once per half-step (4-byte index, 8-byte value: "
            + "\(Format.bytes(c.entryBytes)) at \(Format.rate(c.entryBandwidth.gigabytesPerSecond)), measured over one "
            + "orientation's entries) and the k entries of the fixed factor's row it points at (\(Format.bytes(c.gatheredBytes)) "
            + "at \(Format.rate(c.factorBandwidth.gigabytesPerSecond)), measured over a buffer of one factor's size, where "
            + "those rows are read from): \(Format.seconds(c.floorSeconds)); ours (exact) reaches "
            + "\(Format.percent(c.floorSeconds / exact)) of it. The normal equations take \(Format.count(c.flops / 1e6)) Mflop "
            + "an iteration (2·(k(k+1)/2 + k) an entry and half-step): ours (exact) runs them at "
            + "\(Format.count(c.flops / exact / 1e9)) Gflop/s over the whole iteration.")
        out += commands(c.peers)
        out.append("")
        return out
    }

    /// One line per peer that ran: its label, command line and name of itself.
    static func commands(_ peers: [PeerComparison]) -> [String] {
        peers.compactMap { p in p.result.map { "- \(p.label): `\($0.command)` (\($0.peer))" } }
    }

    /// A Markdown table (cells' `|` escaped).
    static func table(_ header: [String], _ rows: [[String]]) -> String {
        func line(_ cells: [String]) -> String {
            "| " + cells.map { $0.replacingOccurrences(of: "|", with: "\\|") }.joined(separator: " | ") + " |"
        }
        return ([line(header), line(header.map { _ in "---" })] + rows.map(line)).joined(separator: "\n")
    }
}
