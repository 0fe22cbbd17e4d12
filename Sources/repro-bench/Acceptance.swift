import Foundation

/// The benchmarks' targets, judged on one run's figures.
enum Acceptance {
    /// Every target: speed against the peers, the single-pass floor, batches, sensitivities,
    /// the `make reproduce` wall time, then the allocation check.
    static func judge(_ r: BenchResults) -> [AcceptanceLine] {
        var lines: [AcceptanceLine] = []
        let sensing = r.workloads.first { $0.id == "matrix-sensing-n50-m1500" }
        lines.append(speedup("Matrix sensing n = 50, m = 1500: ≥ 3× faster per iteration than the NumPy peer", sensing, atLeast: 3))
        if let w = sensing {
            let bound = 1.5 * w.floorSeconds
            lines.append(AcceptanceLine(
                criterion: "Matrix sensing n = 50, m = 1500: within 1.5× of the single-pass floor of the bytes actually read",
                verdict: w.ours.secondsPerIteration <= bound ? .pass : .fail,
                numbers: "ours \(Format.seconds(w.ours.secondsPerIteration)) vs 1.5 × floor = \(Format.seconds(bound)) "
                    + "(\(Format.bytes(w.bytesPerPass)) \(w.operatorBytes.layout.rawValue) at \(Format.rate(w.bandwidth.gigabytesPerSecond)))"))
        } else {
            lines.append(AcceptanceLine(criterion: "Matrix sensing n = 50, m = 1500: within 1.5× of the single-pass floor",
                                        verdict: .notMeasured, numbers: "workload not run"))
        }
        lines.append(speedup("n = 100, m = 5000: ≥ 3× faster than NumPy", r.workloads.first { $0.id == "matrix-sensing-n100-m5000" }, atLeast: 3))
        lines.append(speedup("SubGM d = 20, m = 500: ≥ 5× faster than NumPy", r.workloads.first { $0.id == "subgm-d20-m500" }, atLeast: 5))
        for batch in r.batches {
            let criterion = "A batch of \(batch.points) sweep points sharing an instance costs ≤ 2.5× one point per iteration (\(batch.workload))"
            if let ratio = batch.ratio, let b = batch.batch, let s = batch.single {
                lines.append(AcceptanceLine(criterion: criterion, verdict: ratio <= 2.5 ? .pass : .fail,
                                            numbers: "batch \(Format.seconds(b.secondsPerIteration)), one point "
                                                + "\(Format.seconds(s.secondsPerIteration)): \(Format.ratio(ratio))"))
            } else {
                lines.append(AcceptanceLine(criterion: criterion, verdict: .notMeasured, numbers: batch.note))
            }
        }
        for s in r.sensitivities {
            let criterion = "\(s.ours.kind.rawValue), n = \(s.ours.n), d = \(s.ours.d), p = \(SensitivityTiming.format(s.ours.p)): faster than NumPy/SciPy"
            if let speedup = s.speedup, let peer = s.peer {
                lines.append(AcceptanceLine(criterion: criterion, verdict: speedup > 1 ? .pass : .fail,
                                            numbers: "ours \(Format.seconds(s.ours.secondsPerCall)), peer \(Format.seconds(peer.seconds)): "
                                                + "\(Format.ratio(speedup)) faster"))
            } else {
                lines.append(AcceptanceLine(criterion: criterion, verdict: .notMeasured, numbers: s.peerError ?? "no peer"))
            }
        }
        lines += transport(r.transport)
        lines.append(completion(r.completion))
        lines.append(ProgramOverhead.acceptance(r.programs))
        lines.append(reproduce(r.reproduceWall))
        lines.append(allocations(r.allocations, note: r.allocationNote))
        lines += StoreReport.acceptance(r.store)
        return lines
    }

    /// "peer / ours ≥ bound".
    static func speedup(_ criterion: String, _ w: WorkloadResult?, atLeast bound: Double) -> AcceptanceLine {
        guard let w, let speedup = w.speedup, let peer = w.peer else {
            return AcceptanceLine(criterion: criterion, verdict: .notMeasured, numbers: w?.peerError ?? "workload not run")
        }
        guard w.ours.secondsPerIteration > 0 else {
            return AcceptanceLine(criterion: criterion, verdict: .notMeasured,
                                  numbers: "ours' differential time \(Format.seconds(w.ours.secondsPerIteration)) is not positive: "
                                      + "the setup's noise exceeded T₂ − T₁ iterations")
        }
        return AcceptanceLine(criterion: criterion, verdict: speedup >= bound ? .pass : .fail,
                              numbers: "ours \(Format.seconds(w.ours.secondsPerIteration)), NumPy \(Format.seconds(peer.seconds)): "
                                  + "\(Format.ratio(speedup)) faster")
    }

    /// Our Sinkhorn iteration faster than POT's (each method), our SNS faster to the tolerance
    /// than the NumPy/SciPy SNS.
    static func transport(_ t: TransportTiming?) -> [AcceptanceLine] {
        let criteria = ["Sinkhorn iteration faster than POT's ot.sinkhorn method=sinkhorn",
                        "Sinkhorn iteration faster than POT's ot.sinkhorn method=sinkhorn_log",
                        "SNS faster to the tolerance than the NumPy/SciPy SNS"]
        guard let t else { return criteria.map { AcceptanceLine(criterion: $0, verdict: .notMeasured, numbers: "part `transport` not run") } }
        let where_ = " (point cloud n = \(t.n), η = \(Format.count(t.eta)))"
        return zip(criteria, [(t.pot[0], t.sinkhornSeconds), (t.pot[1], t.sinkhornSeconds), (t.snsPeer, t.snsSeconds)]).map {
            criterion, entry in
            let (peer, ours) = entry
            guard let result = peer.result, let speedup = peer.speedup else {
                return AcceptanceLine(criterion: criterion + where_, verdict: .notMeasured, numbers: peer.error ?? "no peer")
            }
            return AcceptanceLine(criterion: criterion + where_, verdict: speedup > 1 ? .pass : .fail,
                                  numbers: "ours \(Format.seconds(ours)), \(peer.label) \(Format.seconds(result.seconds)): "
                                      + "\(Format.ratio(speedup)) faster")
        }
    }

    /// Our alternating-minimization iteration (exact solver) ≥ 3× faster than the fastest NumPy/SciPy
    /// peer, on the same instance and start, every peer's UVᵀ on Ω after one iteration agreeing with ours.
    static func completion(_ c: CompletionTiming?) -> AcceptanceLine {
        var criterion = "Matrix completion: AltMin iteration (exact) ≥ 3× faster than the fastest NumPy/SciPy peer, same instance and start"
        guard let c else { return AcceptanceLine(criterion: criterion, verdict: .notMeasured, numbers: "part `completion` not run") }
        criterion += " (m = \(c.rows), n = \(c.columns), k = \(c.rank), |Ω| = \(c.observedCount))"
        guard let ours = c.exact, let peer = c.fastestPeer, let result = peer.result, let speedup = peer.speedup else {
            return AcceptanceLine(criterion: criterion, verdict: .notMeasured,
                                  numbers: c.peers.compactMap(\.error).joined(separator: "; "))
        }
        let agreement = c.agreement ?? .nan
        let agrees = agreement <= c.agreementTolerance
        let failed = c.peers.compactMap { p in p.error.map { "; \(p.label) did not run: \($0)" } }.joined()
        return AcceptanceLine(criterion: criterion, verdict: speedup >= 3 && agrees ? .pass : .fail,
                              numbers: "ours \(Format.seconds(ours.secondsPerIteration)), \(peer.label) \(Format.seconds(result.seconds)): "
                                  + "\(Format.ratio(speedup)) faster; the peers' UVᵀ on Ω after one iteration differs from ours by at most \(agreement) relative "
                                  + "(tolerance \(c.agreementTolerance))" + failed)
    }

    /// `make reproduce` ≤ 600 s on 2 cores, from the line "make reproduce: N s wall on J job(s)".
    static func reproduce(_ line: String?) -> AcceptanceLine {
        let criterion = "`make reproduce` end-to-end wall time recorded; target ≤ 10 minutes on 2 cores"
        guard let line, let range = line.range(of: "make reproduce: ") else {
            return AcceptanceLine(criterion: criterion, verdict: .notMeasured,
                                  numbers: "no bench/reproduce-wall.txt: run `make reproduce` first")
        }
        let words = line[range.upperBound...].split(separator: " ")
        guard let seconds = words.first.flatMap({ Int($0) }) else {
            return AcceptanceLine(criterion: criterion, verdict: .notMeasured, numbers: "unreadable: \(line)")
        }
        return AcceptanceLine(criterion: criterion, verdict: seconds <= 600 ? .pass : .fail, numbers: line)
    }

    /// No allocation per iteration in any counted loop. An allocation in the loop body gives at
    /// least one per iteration, one per recorded step 0.1; fewer than one per twenty iterations
    /// is what a run allocates once per event (a hitting time reached in the longer run only), so
    /// it passes.
    static func allocations(_ counts: [AllocationCount], note: String) -> AcceptanceLine {
        let criterion = "No allocation inside iteration loops (malloc calls per iteration in steady state < 0.05)"
        guard !counts.isEmpty else { return AcceptanceLine(criterion: criterion, verdict: .notMeasured, numbers: note) }
        let numbers = counts.map {
            "\($0.workload): \(Format.count($0.mallocsPerIteration)) (\($0.longMallocs - $0.shortMallocs) over "
                + "\($0.longIterations - $0.shortIterations) iterations)"
        }.joined(separator: "; ")
        return AcceptanceLine(criterion: criterion, verdict: counts.allSatisfy { $0.mallocsPerIteration < 0.05 } ? .pass : .fail,
                              numbers: numbers)
    }
}
