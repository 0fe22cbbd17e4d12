import ExperimentKit
import Foundation
import ResultStore
import Analysis
import Runner
@testable import repro
import Specs
import Testing

/// The malformed-spec corpus: every case is refused with one line naming file, line, column
/// and key path, in-process through `SpecLoader` and end to end through `repro run` (exit 2,
/// the store's bytes unchanged).
@Suite("Malformed spec corpus", .timeLimit(.minutes(2)))
struct CorpusTests {
    let loader = SpecLoader(registry: Models.registry)

    @Test("the corpus has at least 60 cases, each with an expectation")
    func corpusIsComplete() {
        #expect(CorpusCase.all.count >= 60)
        for c in CorpusCase.all {
            #expect(c.expectation.line >= 0, "\(c.name): \(c.expectation.message)")
        }
    }

    @Test("each case is refused at its line, column and key with its message", arguments: CorpusCase.all)
    func refusedInProcess(_ c: CorpusCase) {
        do {
            let spec = try loader.load(path: c.path)
            Issue.record("\(c.name) loaded as spec '\(spec.id)'")
        } catch {
            check(error, c.expectation, file: c.path)
        }
    }

    @Test("a 50 MB file is refused before it is read")
    func fiftyMegabytes() throws {
        let scratch = try Scratch("50mb")
        defer { scratch.remove() }
        let path = scratch.path("huge.yaml")
        try writeFiftyMegabytes(to: path)
        let expected = Expectation(line: 0, column: 0, keyPath: "", message: "the file has 52428800 bytes, more than the 1048576")
        do {
            _ = try loader.load(path: path)
            Issue.record("a 50 MB file loaded")
        } catch {
            check(error, expected, file: path)
        }
        let text = String(repeating: "x", count: (1 << 20) + 1)
        #expect(throws: SpecError.self) { try loader.load(text: text, path: "t.yaml") }
    }

    @Test("the huge sweep loads with allowLarge; the sweep beyond the hard limit never does")
    func allowLarge() throws {
        let large = SpecLoader(registry: Models.registry, allowLarge: true)
        let huge = try #require(CorpusCase.all.first { $0.name == "sweep-huge-needs-allow-large" })
        #expect(try large.load(path: huge.path).runCount == 250_000)
        let beyond = try #require(CorpusCase.all.first { $0.name == "sweep-beyond-hard-limit" })
        do {
            _ = try large.load(path: beyond.path)
            Issue.record("a sweep beyond the hard limit loaded")
        } catch {
            check(error, beyond.expectation, file: beyond.path)
        }
    }

    @Test("repro run exits 2 with one line for every case and leaves the store's bytes unchanged")
    func refusedByTheCLI() throws {
        let scratch = try Scratch("corpus-cli")
        defer { scratch.remove() }
        let store = scratch.path("store.sqlite")
        _ = try ResultStore(path: store)
        let before = storeFingerprint(store)
        let huge = scratch.path("huge.yaml")
        try writeFiftyMegabytes(to: huge)
        var cases = CorpusCase.all.map { ($0.path, $0.expectation) }
        cases.append((huge, Expectation(line: 0, column: 0, keyPath: "", message: "more than the 1048576")))
        for (path, expectation) in cases {
            let result = try Repro.run(["run", path, "--db", store, "--quiet"], in: scratch.url)
            #expect(result.status == 2, "\(path): exit \(result.status)")
            #expect(result.stdout.isEmpty, "\(path): stdout \(result.stdout)")
            #expect(result.stderrLines.count == 1, "\(path): stderr \(result.stderr)")
            let line = result.stderrLines.first.map(String.init) ?? ""
            #expect(line.hasPrefix("repro: " + expectation.prefix(file: path)), "\(line)")
            #expect(line.contains(expectation.message), "\(line)")
            #expect(storeFingerprint(store) == before, "\(path) changed the store")
        }
        // The other commands that read a spec refuse it the same way.
        let bad = try #require(CorpusCase.all.first { $0.name == "range-search-rank-above-n" })
        for command in [["verify", bad.path], ["status", bad.path], ["export", bad.path], ["run", bad.path, "--dry-run"]] {
            let result = try Repro.run(command + ["--db", store], in: scratch.url)
            #expect(result.status == 2)
            #expect(result.stderrLines.count == 1)
            #expect(result.stderr.hasPrefix("repro: " + bad.expectation.prefix(file: bad.path)))
        }
        #expect(storeFingerprint(store) == before)
    }

    @Test("bad command-line values are one line with exit 2, and open no store")
    func badArguments() throws {
        let scratch = try Scratch("arguments")
        defer { scratch.remove() }
        let spec = try scratch.write("one.yaml", oneRunSpec)
        let store = scratch.path("store.sqlite")
        let cases: [([String], String)] = [
            (["--set", "n=abc"], "--set: n: expected an integer"),
            (["--set", "=3"], "--set: expected key=value"),
            (["--set", "iteratons=5"], "did you mean 'iterations'?"),
            (["--set", "search_rank=9"], "search rank k = 9 exceeds n = 4"),
            (["--replicates", "0"], "--replicates must be at least 1"),
            (["--jobs", "0"], "--jobs must be at least 1"),
            (["--jobs", "many"], "many"),
        ]
        for (arguments, message) in cases {
            let result = try Repro.run(["run", spec, "--db", store] + arguments, in: scratch.url)
            #expect(result.status == 2, "\(arguments): \(result.status)")
            #expect(result.stderrLines.count == 1, "\(arguments): \(result.stderr)")
            #expect(result.stderr.hasPrefix("repro: ") && result.stderr.contains(message), "\(result.stderr)")
        }
        #expect(!FileManager.default.fileExists(atPath: store))
    }

    /// Checks that `error` is a one-line `SpecError` at the expected place with the expected message.
    func check(_ error: SpecError, _ expected: Expectation, file: String) {
        let text = error.description
        #expect(!text.contains("\n") && !text.contains("\r"), "not one line: \(text)")
        #expect(text.count < 1000, "an error line of \(text.count) characters")
        #expect(error.file == file)
        #expect(error.line == expected.line && error.column == expected.column, "\(text) is not at \(expected)")
        #expect(text.hasPrefix(expected.prefix(file: file)), "\(text)")
        #expect(text.contains(expected.message), "\(text) lacks '\(expected.message)'")
    }

    /// A 50 MiB file that starts like a spec.
    func writeFiftyMegabytes(to path: String) throws {
        var data = Data("id: huge\ntitle: fifty megabytes\npaper: xiong2023\nmodel: matrix-sensing\nnotes: \"".utf8)
        data.append(Data(repeating: UInt8(ascii: "a"), count: 50 * 1024 * 1024 - data.count - 2))
        data.append(contentsOf: Array("\"\n".utf8))
        try data.write(to: URL(fileURLWithPath: path))
    }
}
