import Foundation
import ResultStore
import Specs

/// Why a figure could not be drawn.
public struct FigureError: Error, Sendable, CustomStringConvertible {
    /// One line for the user.
    public var description: String

    /// Creates an error.
    public init(_ description: String) { self.description = description }
}

/// Writes a figure's data file (`.dat`) and gnuplot script (`.gp`) and runs gnuplot to draw
/// `<stem>.png` and `<stem>.svg` in a directory.
public struct FigureRenderer: Sendable {
    /// The gnuplot executable (found on `PATH` when not absolute).
    public var gnuplot: String

    /// Creates a renderer calling `gnuplot`.
    public init(gnuplot: String = "gnuplot") { self.gnuplot = gnuplot }

    /// Line colours, one per curve (cycled).
    static let colors = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf",
                         "#7f7f7f", "#bcbd22"]

    /// The data file: a comment header, then one gnuplot data block per curve (blocks
    /// separated by two blank lines, addressed by `index`), columns `x median low high n runs` (n values of runs entered; the median is `nan` where n < runs).
    public static func dataFile(_ data: FigureData) -> String {
        let f = data.figure
        var out = "# spec \(data.specID), figure \(f.fileStem(specID: data.specID))\n"
        out += "# x: \(f.x.name), y: \(f.y), curves: \(f.curves ?? "-"), band: \(f.band.rawValue)\n"
        out += "# runs drawn: \(data.runsDrawn), selected but not ok or not run: \(data.runsLeftOut)\n"
        if let categories = data.categories {
            out += "# x categories: " + categories.enumerated().map { "\($0.offset) = \($0.element)" }.joined(separator: ", ") + "\n"
        }
        out += "# columns: x median low high n runs (median nan where n < runs: a run ended early or has no finite value)\n"
        for (i, curve) in data.curves.enumerated() {
            if i > 0 { out += "\n\n" }
            out += "# curve \(i): \(curve.label)\n"
            for p in curve.points {
                out += [p.x, p.median, p.low, p.high].map(CSV.number).joined(separator: " ") + " \(p.count) \(p.runs)\n"
            }
            if curve.points.isEmpty { out += "# (no runs)\n" }
        }
        return out
    }

    /// A gnuplot single-quoted string (quotes doubled; no escapes are interpreted).
    static func quoted(_ text: String) -> String {
        "'" + text.replacingOccurrences(of: "'", with: "''").replacingOccurrences(of: "\n", with: " ") + "'"
    }

    /// The gnuplot script drawing `dataName` (a file name in the same directory) to
    /// `<stem>.png` (1000×650) and `<stem>.svg`.
    public static func script(_ data: FigureData, dataName: String, stem: String) -> String {
        let f = data.figure
        var lines = [
            "set encoding utf8",
            "set terminal pngcairo size 1000,650 enhanced font 'DejaVu Sans,11'",
            "set output \(quoted(stem + ".png"))",
            "set title \(quoted(data.title)) noenhanced",
            "set xlabel \(quoted(data.xLabel)) noenhanced",
            "set ylabel \(quoted(data.yLabel)) noenhanced",
            "set grid xtics ytics lc rgb '#c8c8c8' lw 1 dt 3",
            "set key below center horizontal box noenhanced",
            "set bmargin 7",
            "set key title \(quoted(data.curvesLabel ?? "")) noenhanced",
            "set datafile missing 'nan'",
        ]
        if f.log.contains(.y) { lines += ["set logscale y", "set format y '10^{%L}'"] }
        if f.log.contains(.x) { lines += ["set logscale x", "set format x '10^{%L}'"] }
        if let categories = data.categories {
            let tics = categories.enumerated().map { "\(quoted($0.element)) \($0.offset)" }.joined(separator: ", ")
            lines.append("set xtics (\(tics)) noenhanced")
            lines.append("set xrange [-0.5:\(Double(categories.count) - 0.5)]")
        } else if case .axis = f.x, !f.log.contains(.x) {
            lines.append("set offsets graph 0.03, graph 0.03, 0, 0")
        }
        let file = quoted(dataName)
        var plots: [String] = []
        for (i, curve) in data.curves.enumerated() where !curve.points.isEmpty {
            let color = "rgb '\(colors[i % colors.count])'"
            if f.band != .none {
                plots.append("\(file) index \(i) using 1:3:4 with filledcurves fc \(color) fs transparent solid 0.18 noborder notitle")
                plots.append("\(file) index \(i) using 1:3 with lines lw 0.7 dt 2 lc \(color) notitle")
                plots.append("\(file) index \(i) using 1:4 with lines lw 0.7 dt 2 lc \(color) notitle")
            }
            let style = f.plotsSeries ? "lines lw 2" : "linespoints lw 2 pt 7 ps 1.2"
            plots.append("\(file) index \(i) using 1:2 with \(style) lc \(color) title \(quoted(curve.label)) noenhanced")
        }
        lines.append("plot " + plots.joined(separator: ", \\\n     "))
        lines += ["set terminal svg size 1000,650 enhanced font 'DejaVu Sans,11' background rgb 'white'",
                  "set output \(quoted(stem + ".svg"))", "replot", "unset output"]
        return lines.joined(separator: "\n") + "\n"
    }

    /// Writes `<stem>.dat` and `<stem>.gp` into `directory` and runs gnuplot there; returns
    /// the PNG's path. Throws when there is nothing to draw or gnuplot fails.
    public func render(_ data: FigureData, into directory: URL) throws(FigureError) -> URL {
        let stem = data.figure.fileStem(specID: data.specID)
        guard !data.isEmpty else {
            throw FigureError("\(stem): no stored ok run to draw (\(data.runsLeftOut) selected runs not run or not ok); "
                              + "run the spec first")
        }
        let dataName = stem + ".dat", scriptName = stem + ".gp"
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            try Data(Self.dataFile(data).utf8).write(to: directory.appendingPathComponent(dataName), options: .atomic)
            try Data(Self.script(data, dataName: dataName, stem: stem).utf8)
                .write(to: directory.appendingPathComponent(scriptName), options: .atomic)
        } catch {
            throw FigureError("\(directory.path): cannot write: \(error.localizedDescription)")
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [gnuplot, scriptName]
        process.currentDirectoryURL = directory
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        do { try process.run() } catch {
            throw FigureError("cannot start gnuplot: \(error.localizedDescription); install gnuplot-nox (scripts/install-deps.sh)")
        }
        let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            let detail = message.split(separator: "\n").last.map(String.init) ?? "exit \(process.terminationStatus)"
            let hint = process.terminationStatus == 127 ? " (gnuplot not found: install gnuplot-nox)" : ""
            throw FigureError("gnuplot failed on \(directory.appendingPathComponent(scriptName).path)\(hint): \(detail)")
        }
        return directory.appendingPathComponent(stem + ".png")
    }
}
