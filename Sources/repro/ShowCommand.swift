import Analysis
import ArgumentParser
import Foundation
import ResultStore
import Runner

/// `repro show RUN`: one stored run with provenance, parameters, metrics and series.
struct ShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show", abstract: "Show one stored run (by its key or a unique prefix of at least 4 characters).")

    @Argument(help: ArgumentHelp("A run key or a unique prefix.", valueName: "run"))
    var key: String

    @OptionGroup var store: StoreOptions

    func validate() throws {
        guard key.count >= 4, key.allSatisfy(\.isHexDigit) else {
            throw ValidationError("RUN must be at least 4 hexadecimal characters of a run key, got '\(key)'")
        }
    }

    func run() throws {
        let db = try store.openForReading()
        let matches: [StoredRun]
        do { matches = try db.runs(keyPrefix: key.lowercased()) } catch { throw CLIError(error.description) }
        guard let found = matches.first else { throw CLIError("no run with key \(key)… in \(store.path)") }
        guard matches.count == 1 else {
            throw CLIError("\(matches.count) runs start with \(key): give more characters")
        }
        let r = found.record
        let p = r.provenance
        var out = """
            run          \(r.key)
            model        \(r.model) v\(r.modelVersion), code \(r.codeFingerprint.map { String($0.prefix(12)) } ?? "unknown")
            replicate    \(r.replicate)
            status       \(r.status)\(r.message.map { ": " + $0 } ?? "")
            seeds        instance \(r.instanceSeed), algorithm \(r.algorithmSeed)
            started      \(ISO8601DateFormatter().string(from: r.startedAt)), wall \(String(format: "%.3f", r.wallSeconds)) s
            repro        \(p.reproVersion), commit \(p.gitCommit ?? "unknown")\(p.gitDirty == true ? " (dirty\(p.gitDiffHash.map { ", diff sha256 " + $0 } ?? ""))" : "")
            host         \(p.host), \(p.os)
            BLAS         \(p.blasConfig), core \(p.blasCore), \(p.blasThreads) thread(s)
            parameters   \(r.parametersJSON)

            """
        out += "metrics\n"
        let width = found.metrics.keys.map(\.count).max() ?? 0
        for name in found.metrics.keys.sorted() {
            out += "  \(name.padding(toLength: width, withPad: " ", startingAt: 0))  \(ClaimEvaluator.format(found.metrics[name] ?? .nan))\n"
        }
        do {
            let names = try db.seriesNames(runKey: r.key)
            out += "series\n"
            for name in names {
                let count = try db.series(runKey: r.key, name: name)?.steps.count ?? 0
                out += "  \(name) (\(count) points)\n"
            }
        } catch { throw CLIError(error.description) }
        Console.out(out)
    }
}
