import Foundation

/// The store section of results.md and its targets.
enum StoreReport {
    /// The section's lines.
    static func markdown(_ s: StoreScale.Result) -> [String] {
        var out: [String] = []
        out.append("## Store at scale")
        out.append("")
        out.append("Every command is `repro` in a child process, timed, with its peak resident memory (`ru_maxrss` from `wait4`, "
            + "read by `bench/store/measure.py`, the small process that starts it: about 14 MB is that floor). "
            + "The 10 000-run sweep (`bench/store/small-robust.yaml`: 100 points × 100 replicates of a small SubGM run, "
            + "28 metrics and 9 series of 7 recorded points per run) is run with 2 jobs, merged into an empty store, "
            + "exported and verified. The previous schema's bytes are those of the same runs written row for row in the "
            + "v3 layout (`bench/store/v3_layout.py`).")
        out.append("")
        var layouts: [(String, StoreScale.Layout)] = [("this build (schema v\(s.small.layout.schema))", s.small.layout),
                                                     ("same runs, previous layout (v\(s.previousLayout.schema))", s.previousLayout)]
        if let b = s.baseline { layouts.append(("previous build's own store (v\(b.layout.schema))", b.layout)) }
        out.append(MarkdownReport.table(["10 000-run store", "bytes", "per run", "series bytes per point", "metric bytes per value"],
                                        layouts.map { name, l in
            [name, Format.bytes(l.bytes), String(format: "%.0f B", l.bytesPerRun), String(format: "%.2f B", l.seriesBytesPerPoint),
             String(format: "%.2f B", l.metricBytesPerValue)]
        }))
        out.append("")
        let labels = ["write", "merge", "export --long", "export --wide", "export --series", "verify"]
        var header = ["command (10 000 runs)", "this build", "runs/s", "peak RSS"]
        if s.baseline != nil { header += ["previous build", "runs/s", "peak RSS"] }
        out.append(MarkdownReport.table(header, labels.compactMap { label in
            guard let o = s.small.outcomes[label] else { return nil }
            var row = [label, Format.seconds(o.seconds), rate(s.small.runs, o.seconds), Format.bytes(o.peakRSS)]
            if let b = s.baseline?.outcomes[label] {
                row += [Format.seconds(b.seconds), rate(s.baseline?.runs ?? 0, b.seconds), Format.bytes(b.peakRSS)]
            }
            return row
        }))
        out.append("")
        let m = s.million
        out.append("A store of \(m.runs) runs: \(s.shards) shard stores of \(s.runsPerShard) runs written by a generator "
            + "through ResultStore (the runs of `bench/store/million.yaml`'s plan with the metrics and series of one real run, "
            + "scaled per run) in \(Format.seconds(s.generateSeconds)) (\(rate(m.runs, s.generateSeconds)) runs/s), then:")
        out.append("")
        out.append(MarkdownReport.table(["command (\(m.runs) runs)", "wall", "runs/s", "peak RSS"], ["merge", "export --wide", "verify"].compactMap { label in
            m.outcomes[label].map { [label, Format.seconds($0.seconds), rate(m.runs, $0.seconds), Format.bytes($0.peakRSS)] }
        }))
        out.append("")
        out.append("The merged store: \(Format.bytes(m.layout.bytes)), \(String(format: "%.0f", m.layout.bytesPerRun)) B per run, "
            + "series \(String(format: "%.2f", m.layout.seriesBytesPerPoint)) B per point.")
        out.append("")
        out.append("The 10 000-run sweep read from its own store and from the million-run store it was then merged into "
            + "(a reader fetches the runs of its spec's plan by key, so its memory follows the plan, not the store):")
        out.append("")
        out.append(MarkdownReport.table(["command (10 000 runs)", "own store", "peak RSS", "million-run store", "peak RSS"],
                                        ["export --wide", "verify"].compactMap { label in
            guard let own = s.small.outcomes[label], let big = m.outcomes["small: " + label] else { return nil }
            return [label, Format.seconds(own.seconds), Format.bytes(own.peakRSS), Format.seconds(big.seconds), Format.bytes(big.peakRSS)]
        }))
        out.append("")
        return out
    }

    /// The store's targets.
    static func acceptance(_ s: StoreScale.Result?) -> [AcceptanceLine] {
        guard let s else {
            return [AcceptanceLine(criterion: "Store: ≤ 12 bytes per series point, a 10 000-run store ≤ 15 MB", verdict: .notMeasured,
                                   numbers: "part `store` not run")]
        }
        let l = s.small.layout, p = s.previousLayout
        var lines = [
            AcceptanceLine(criterion: "Store: series ≤ 12 bytes per recorded point", verdict: l.seriesBytesPerPoint <= 12 ? .pass : .fail,
                           numbers: String(format: "%.2f B per point (previous layout %.1f B)", l.seriesBytesPerPoint, p.seriesBytesPerPoint)),
            AcceptanceLine(criterion: "Store: the 10 000-run store ≤ 15 MB", verdict: l.bytes <= 15_000_000 ? .pass : .fail,
                           numbers: "\(Format.bytes(l.bytes)) (previous layout \(Format.bytes(p.bytes)), \(Format.ratio(Double(p.bytes) / Double(l.bytes))) smaller)"),
        ]
        let m = s.million
        let minutes = ["merge", "export --wide", "verify"].compactMap { m.outcomes[$0].map { "\($0.command.split(separator: " ")[1]) \(Format.seconds($0.seconds))" } }
        let slowest = ["merge", "export --wide", "verify"].compactMap { m.outcomes[$0]?.seconds }.max() ?? .infinity
        lines.append(AcceptanceLine(criterion: "Store: \(m.runs) runs from \(s.shards) shards merge, export --wide and verify, each within minutes",
                                    verdict: slowest <= 600 ? .pass : .fail, numbers: minutes.joined(separator: ", ")))
        return lines
    }

    static func rate(_ runs: Int, _ seconds: Double) -> String {
        seconds > 0 ? String(format: "%.0f", Double(runs) / seconds) : "n/a"
    }
}
