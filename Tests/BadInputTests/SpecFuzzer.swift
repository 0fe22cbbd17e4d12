import ExperimentKit
import Foundation
import Analysis
import Runner
@testable import repro
import Specs
import Synchronization

/// A mutation fuzzer over valid specs: each case applies a few random edits (tokens that
/// YAML treats specially, hostile values, key swaps, line edits, byte flips) to one of the
/// seed specs and loads the result. A case passes when the loader returns a spec whose plan
/// resolves, or throws a `SpecError` of one line that points inside the text. A case that
/// traps kills the process (its text is in `currentCasePath` for replay); a case that runs
/// longer than `hangLimit` is written to `findingsDirectory` and ends the process.
struct SpecFuzzer {
    /// One failed case.
    struct Finding: CustomStringConvertible {
        var seed: UInt64
        var problem: String
        var text: String
        var description: String { "case seed \(seed): \(problem)" }
    }

    /// What a fuzz session did.
    struct Report {
        var cases = 0
        var loaded = 0
        var refused = 0
        var slowest: Duration = .zero
        var findings: [Finding] = []
    }

    /// The texts the mutations start from.
    let seeds: [String]
    /// The loader under test (the real model registry).
    let loader = SpecLoader(registry: Models.registry)
    /// A case running longer than this is a hang.
    let hangLimit: Duration

    /// Where the text of the running case is written before it runs (replay after a trap).
    static let currentCasePath = FileManager.default.temporaryDirectory.appendingPathComponent("repro-fuzz-current.yaml").path
    /// Where found cases are written.
    static let findingsDirectory = FileManager.default.temporaryDirectory.appendingPathComponent("repro-fuzz-findings")

    /// The valid specs of `experiments/` plus a small one of every section.
    static func defaultSeeds() -> [String] {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("experiments")
        var texts: [String] = []
        if let papers = try? FileManager.default.contentsOfDirectory(atPath: root.path) {
            for paper in papers.sorted() {
                let dir = root.appendingPathComponent(paper)
                for name in ((try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []).sorted()
                where name.hasSuffix(".yaml") {
                    if let data = FileManager.default.contents(atPath: dir.appendingPathComponent(name).path) {
                        texts.append(String(decoding: data, as: UTF8.self))
                    }
                }
            }
        }
        texts.append(smallSpec)
        return texts
    }

    /// A small spec that uses zip, versus, across, near and record.
    static let smallSpec = """
        id: fuzz-seed
        title: "A seed: every section"
        paper: xiong2023
        model: matrix-sensing
        params: { n: 6, rank: 2, spectrum: [1.0, 0.5], measurements: 80, iterations: 50 }
        sweep:
          search_rank: [2, 3]
          zip:
            init_scale: [0.5, 0.2]
            step: [0.1, 0.05]
        replicates: 2
        record: { every: 5 }
        claims:
          - id: slope
            text: a slope across the rank
            across: search_rank
            statistic: slope
            metric: final_error
            expect: { near: 0.0, tolerance: 1.0 }
            source: { calibration: "a test threshold" }
          - id: ratio
            text: exact over over-parameterized
            where: { search_rank: 2 }
            versus: { search_rank: 3 }
            metric: linear_rate
            aggregate: mean
            expect: { between: [0.1, 10] }
            source: { calibration: "a test threshold" }
        notes: |
          seeds the fuzzer.

        """

    /// Runs cases until `duration` has passed (at least one case).
    func run(for duration: Duration, startSeed: UInt64) -> Report {
        var report = Report()
        let watchdog = Watchdog(limit: hangLimit)
        let clock = ContinuousClock()
        let end = clock.now + duration
        var caseSeed = startSeed
        repeat {
            var rng = SplitMix(caseSeed)
            let text = mutate(seeds[Int(rng.next() % UInt64(seeds.count))], &rng)
            try? Data(text.utf8).write(to: URL(fileURLWithPath: Self.currentCasePath))
            watchdog.begin(text)
            let start = clock.now
            let outcome = check(text)
            let elapsed = clock.now - start
            watchdog.end()
            report.cases += 1
            report.slowest = max(report.slowest, elapsed)
            switch outcome {
            case .loaded: report.loaded += 1
            case .refused: report.refused += 1
            case .failed(let problem): report.findings.append(Finding(seed: caseSeed, problem: problem, text: text))
            }
            caseSeed &+= 1
        } while clock.now < end
        watchdog.stop()
        return report
    }

    enum Outcome { case loaded, refused, failed(String) }

    /// Loads `text` and checks the properties of the result.
    func check(_ text: String) -> Outcome {
        do {
            let spec = try loader.load(text: text, path: "fuzz.yaml")
            guard let schema = Models.registry.schema(of: spec.model) else { return .failed("loaded an unknown model") }
            guard spec.runCount <= SpecLoader.largeRunLimit else { return .failed("loaded \(spec.runCount) runs") }
            do {
                let points = try spec.plan(schema: schema)
                guard points.count == spec.runCount else { return .failed("plan has \(points.count) of \(spec.runCount) runs") }
            } catch {
                return .failed("a loaded spec does not plan: \(error)")
            }
            return .loaded
        } catch {
            let line = error.description
            if line.unicodeScalars.contains(where: { "\n\r\u{85}\u{2028}\u{2029}".unicodeScalars.contains($0) }) {
                return .failed("error of several lines: \(line)")
            }
            if !line.hasPrefix("fuzz.yaml") { return .failed("error does not name the file: \(line)") }
            if error.line > 0 {
                let lines = text.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false)
                if error.line > lines.count + 1 || error.column < 1 {
                    return .failed("position \(error.line):\(error.column) outside the text of \(lines.count) lines: \(line)")
                }
            } else if error.line < 0 || error.column != 0 {
                return .failed("bad position \(error.line):\(error.column): \(line)")
            }
            return .refused
        }
    }

    // MARK: - Mutations

    /// Tokens YAML gives a meaning to, and characters that have broken parsers before.
    static let tokens = [": ", "- ", "[", "]", "{", "}", ", ", "&a ", "*a", "\t", " # ", "\"", "'", "|\n", ">-\n",
                         "? ", "!!str ", "!!binary ", "!!map ", "!tag ", "---\n", "...\n", "%YAML 1.1\n", "<<: ", "\u{0}",
                         "\u{FEFF}", "é", "\u{1F600}", "\n", "   ", "\r\n", "\u{85}", "\u{2028}", "\\", "%", "@", "`",
                         "\"x\\ny\": ", "&a [1, 2]", "[*a, *a, *a, *a]", "{ a: { b: { c: [[[", "!!float ", "!!int ", "<<: *a"]
    /// Values that sit on or beyond the edges of some range.
    static let values = ["-1", "0", "1", "1e308", "-1e-308", "4.9e-324", ".nan", ".inf", "-.inf", "~", "null", "[]", "{}",
                         "\"\"", "9223372036854775807", "9223372036854775808", "-9223372036854775808", "0x10", "0o17",
                         "1_000", "true", "no", "[1, 2, 3]", "[[1.0, 0.5], [1.0]]", "*a", "&a 5", "400", "401", "10001",
                         "1000000", "0.5", "symmetric", "asymmetric-rebalanced", "final_error", "search_rank",
                         "[0.1, 0.1]", "{ above: 1 }", "{ between: [1, 0] }", "{ near: 1 }", "median", "loglog_slope",
                         String(repeating: "x", count: 300), "[" + Array(repeating: "1", count: 200).joined(separator: ", ") + "]"]
    /// Keys of every level of a spec and of the model.
    static let keys: [String] = SpecLoader.topLevelKeys
        + ["zip", "every", "where", "metric", "aggregate", "across", "statistic", "versus", "expect", "above", "below",
           "between", "near", "tolerance", "text"]
        + (Models.registry.schema(of: "matrix-sensing")?.parameters.map(\.name) ?? [])
        + ["\"n\\n\"", "\"sweep\\r\\nzip\"", "\"<<\"", "? [a]\n", "\"\\u2028\""]

    /// One to four random edits of `text`.
    func mutate(_ text: String, _ rng: inout SplitMix) -> String {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        for _ in 0..<(1 + Int(rng.next() % 4)) {
            guard !lines.isEmpty else { lines = [""]; continue }
            let i = Int(rng.next() % UInt64(lines.count))
            switch rng.next() % 9 {
            case 0: lines.remove(at: i)
            case 1: lines.insert(lines[i], at: i)
            case 2: lines.swapAt(i, Int(rng.next() % UInt64(lines.count)))
            case 3: lines[i] = insert(Self.tokens.randomElement(&rng), into: lines[i], &rng)
            case 4: lines[i] = replaceValue(in: lines[i], with: Self.values.randomElement(&rng), &rng)
            case 5: lines[i] = replaceKey(in: lines[i], with: Self.keys.randomElement(&rng))
            case 6: lines[i] = rng.next() % 2 == 0 ? "  " + lines[i] : String(lines[i].drop { $0 == " " })
            case 7:
                let other = seeds[Int(rng.next() % UInt64(seeds.count))].split(separator: "\n").map(String.init)
                if !other.isEmpty { lines.insert(other.randomElement(&rng), at: i) }
            default: lines[i] = flipByte(in: lines[i], &rng)
            }
        }
        return lines.joined(separator: "\n")
    }

    func insert(_ token: String, into line: String, _ rng: inout SplitMix) -> String {
        var scalars = Array(line.unicodeScalars)
        let at = scalars.isEmpty ? 0 : Int(rng.next() % UInt64(scalars.count + 1))
        scalars.insert(contentsOf: token.unicodeScalars, at: at)
        return String(String.UnicodeScalarView(scalars))
    }

    /// Replaces the value after a `: ` (the first, or a later one in a flow mapping).
    func replaceValue(in line: String, with value: String, _ rng: inout SplitMix) -> String {
        let parts = line.components(separatedBy: ": ")
        guard parts.count > 1 else { return line + ": " + value }
        let k = 1 + Int(rng.next() % UInt64(parts.count - 1))
        var piece = parts[k]
        let end = piece.firstIndex { $0 == "," || $0 == "}" || $0 == "#" } ?? piece.endIndex
        piece.replaceSubrange(piece.startIndex..<end, with: value)
        var out = parts
        out[k] = piece
        return out.joined(separator: ": ")
    }

    /// Replaces the key before the first `:` (keeping the indentation and list dash).
    func replaceKey(in line: String, with key: String) -> String {
        guard let colon = line.firstIndex(of: ":") else { return line }
        let lead = line.prefix { $0 == " " || $0 == "-" }
        return lead + key + line[colon...]
    }

    /// One byte of the line's UTF-8 changed to a random value (may make invalid UTF-8, which
    /// `String(decoding:)` repairs: the loader sees U+FFFD).
    func flipByte(in line: String, _ rng: inout SplitMix) -> String {
        var bytes = Array(line.utf8)
        guard !bytes.isEmpty else { return line }
        bytes[Int(rng.next() % UInt64(bytes.count))] = UInt8(truncatingIfNeeded: rng.next())
        return String(decoding: bytes, as: UTF8.self)
    }
}

/// SplitMix64: a small deterministic generator for the fuzzer's choices.
struct SplitMix: RandomNumberGenerator {
    var state: UInt64
    init(_ seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

extension Array {
    /// A random element drawn with `rng` (the array is never empty where this is used).
    func randomElement(_ rng: inout SplitMix) -> Element {
        self[Int(rng.next() % UInt64(count))]
    }
}

/// Ends the process when one case runs longer than `limit`, after writing the case to
/// `SpecFuzzer.findingsDirectory` (a hang cannot be interrupted in-process).
final class Watchdog: Sendable {
    private struct State {
        var text: String?
        var started = ContinuousClock.now
        var stopped = false
    }
    private let state = Mutex(State())
    private let limit: Duration

    init(limit: Duration) {
        self.limit = limit
        let thread = Thread { [self] in
            while !self.state.withLock({ $0.stopped }) {
                Thread.sleep(forTimeInterval: 0.25)
                let hung: String? = self.state.withLock { s in
                    guard let text = s.text, ContinuousClock.now - s.started > self.limit else { return nil }
                    return text
                }
                if let hung {
                    try? FileManager.default.createDirectory(at: SpecFuzzer.findingsDirectory, withIntermediateDirectories: true)
                    let path = SpecFuzzer.findingsDirectory.appendingPathComponent("hang-\(UUID().uuidString).yaml")
                    try? Data(hung.utf8).write(to: path)
                    FileHandle.standardError.write(Data("spec fuzzer: a case ran longer than \(self.limit); written to \(path.path)\n".utf8))
                    exit(3)
                }
            }
        }
        thread.start()
    }

    /// Ends the watch (the thread exits within a quarter second).
    func stop() { state.withLock { $0.stopped = true } }

    func begin(_ text: String) { state.withLock { $0.text = text; $0.started = .now } }
    func end() { state.withLock { $0.text = nil } }
}
