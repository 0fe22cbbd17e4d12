import Foundation
import NumericsCore
import ResultStore
import Specs

/// The numbers a spec's page draws from, embedded in the page as JSON: its figures (median
/// and band per x, per curve) and the provenance of every run they draw. Non-finite numbers
/// are `null`.
struct SitePayload: Encodable {
    /// The spec's figures, in the spec's order.
    var figures: [SiteFigure]
    /// The runs the figures draw, referenced by index from `SiteMember.run`.
    var runs: [SiteRun]

    /// The payload of `figures` drawn from `runs` (the study's planned runs).
    init(figures: [FigureData], runs: [PlannedRun]) {
        var index: [String: Int] = [:]
        var listed: [SiteRun] = []
        let dates = ISO8601DateFormatter()
        for run in runs {
            guard let stored = run.stored, index[stored.record.key] == nil else { continue }
            index[stored.record.key] = listed.count
            listed.append(SiteRun(run: run, stored: stored, dates: dates))
        }
        self.runs = listed
        self.figures = figures.map { SiteFigure($0, runs: listed, index: index) }
    }
}

/// One figure as the page draws it.
struct SiteFigure: Encodable {
    /// The file stem `repro plot` gives the same figure.
    var stem: String
    var title: String
    var xLabel: String
    /// The y name; what the line and band are is said under the chart.
    var yLabel: String
    var curvesLabel: String?
    /// True when x is the iteration of a series (the page can then offer time on x).
    var series: Bool
    /// The spec's log axes, the page's initial state.
    var logX: Bool
    var logY: Bool
    /// `minmax`, `quantiles` or `none`.
    var band: String
    /// Category names when x is a non-numeric sweep axis (x = 0, 1, … index them).
    var categories: [String]?
    var curves: [SiteCurve]
    /// Runs drawn, and runs selected but not drawn (not run, stale, diverged or failed).
    var runsDrawn: Int
    var runsLeftOut: Int

    init(_ data: FigureData, runs: [SiteRun], index: [String: Int]) {
        let f = data.figure
        stem = f.fileStem(specID: data.specID)
        title = data.title
        xLabel = data.xLabel
        yLabel = f.y
        curvesLabel = data.curvesLabel
        series = f.plotsSeries
        logX = f.log.contains(.x) && data.categories == nil
        logY = f.log.contains(.y)
        band = f.band.rawValue
        categories = data.categories
        curves = data.curves.map { SiteCurve($0, runs: runs, index: index, measuredTime: f.x == .time) }
        runsDrawn = data.runsDrawn
        runsLeftOut = data.runsLeftOut
    }
}

/// One curve: its points and the runs behind them.
struct SiteCurve: Encodable {
    var label: String
    /// `[x, low, median, high, values, runs]` per point.
    var points: [[Double?]]
    var members: [SiteMember]
    /// Median over the curve's runs of wall seconds per recorded iteration (a series figure
    /// against the iteration whose runs all have a wall time); x = iteration × this is the
    /// estimated time axis. Nil when x already is the measured time.
    var secondsPerStep: Double?

    init(_ curve: FigureCurve, runs: [SiteRun], index: [String: Int], measuredTime: Bool) {
        label = curve.label
        points = curve.points.map { p in [p.x, p.low, p.median, p.high, Double(p.count), Double(p.runs)].map(finite) }
        members = curve.members.compactMap { m in index[m.key].map { SiteMember(run: $0, x: m.x.flatMap(finite)) } }
        let rates = curve.members.compactMap { m -> Double? in
            guard let last = m.lastStep, last > 0, let i = index[m.key], runs[i].wallSeconds > 0 else { return nil }
            return runs[i].wallSeconds / Double(last)
        }
        secondsPerStep = !measuredTime && !rates.isEmpty && rates.count == curve.members.count ? Statistics.median(rates) : nil
    }
}

/// A run in a curve: its index in `SitePayload.runs` and, in a metric figure, its x.
struct SiteMember: Encodable {
    var run: Int
    var x: Double?
}

/// What the page shows of a run when one of its points is clicked.
struct SiteRun: Encodable {
    var key: String
    var replicate: Int
    var status: String
    var message: String?
    /// The sweep axes' values, `search_rank = 2, init_scale = 0.001`.
    var point: String
    var instanceSeed: String
    var algorithmSeed: String
    var startedAt: String
    var wallSeconds: Double
    var reproVersion: String
    var gitCommit: String?
    var gitDirty: Bool?
    var host: String
    var os: String
    var blas: String
    var blasCore: String
    var blasThreads: Int
    var codeFingerprint: String?

    /// The run's fields; `dates` formats its start.
    init(run: PlannedRun, stored: StoredRun, dates: ISO8601DateFormatter) {
        let r = stored.record
        key = r.key
        replicate = r.replicate
        status = r.status
        message = r.message
        point = run.point.sweepValues.values.sorted { $0.key < $1.key }.map { "\($0.key) = \($0.value)" }
            .joined(separator: ", ")
        instanceSeed = String(r.instanceSeed)
        algorithmSeed = String(r.algorithmSeed)
        startedAt = dates.string(from: r.startedAt)
        wallSeconds = r.wallSeconds
        reproVersion = r.provenance.reproVersion
        gitCommit = r.provenance.gitCommit
        gitDirty = r.provenance.gitDirty
        host = r.provenance.host
        os = r.provenance.os
        blas = r.provenance.blasConfig
        blasCore = r.provenance.blasCore
        blasThreads = r.provenance.blasThreads
        codeFingerprint = r.codeFingerprint
    }
}

/// `x`, or nil when it is NaN or infinite (JSON has no such numbers).
private func finite(_ x: Double) -> Double? { x.isFinite ? x : nil }
