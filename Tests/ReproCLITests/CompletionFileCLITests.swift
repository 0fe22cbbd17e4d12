import Foundation
import Testing

/// `matrix-completion` with `family: file` end to end: entries and truth as CSV files, every
/// solver completes a rank-2 matrix to its truth below 1e-8; a bad entries file or rank is one
/// line naming the file and key, exit 2, and no store is written.
@Suite struct CompletionFileCLITests {
    let m = 30, n = 24

    /// The entries of a rank-2 m×n matrix at about 60% of the positions (1-based indices, with a
    /// header), and the full matrix.
    func files(_ cli: CLI) throws {
        var state: UInt64 = 0x2545_F491_4F6C_DD1D
        func uniform() -> Double {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Double(state >> 11) * 0x1.0p-53
        }
        let a = (0..<(2 * m)).map { _ in uniform() - 0.5 }, b = (0..<(2 * n)).map { _ in uniform() - 0.5 }
        var entries = "i,j,value\n", truth = ""
        for i in 0..<m {
            var row: [String] = []
            for j in 0..<n {
                let value = a[i] * b[j] + a[m + i] * b[n + j]
                row.append("\(value)")
                if uniform() < 0.6 { entries += "\(i + 1),\(j + 1),\(value)\n" }
            }
            truth += row.joined(separator: ",") + "\n"
        }
        try cli.write("entries.csv", entries)
        try cli.write("truth.csv", truth)
    }

    func spec(_ cli: CLI, params: String, rank: Int = 2) throws -> String {
        try cli.write("completion.yaml", """
            id: completion-file
            title: Completion of a file's entries
            paper: gu2023
            model: matrix-completion
            params: { family: file, m: \(m), n: \(n), rank: \(rank), index_base: 1, iterations: 100, \(params) }
            sweep: { solver: [exact, cg, sketched] }
            """)
    }

    @Test func everySolverCompletesTheFileToItsTruth() throws {
        let cli = try CLI()
        try files(cli)
        let path = try spec(cli, params: "entries_file: entries.csv, truth_file: truth.csv")
        let run = try cli.run(["run", path])
        #expect(run.status == 0, "\(run.stderr)")
        let table = try cli.run(["export", path, "--long"]).stdout
        let errors = table.split(separator: "\n").filter { $0.contains(",final_error,") }
            .compactMap { $0.split(separator: ",").last.flatMap { Double($0) } }
        #expect(errors.count == 3)
        #expect(errors.allSatisfy { $0 < 1e-8 }, "\(errors)")
    }

    @Test func badEntriesAreOneLineExitTwoAndNothingStored() throws {
        let cli = try CLI()
        try files(cli)
        let cases: [(file: String, text: String, message: String)] = [
            ("range.csv", "1,1,0.5\n31,2,0.1\n", "row 2: the row index i 31 is outside 1...30 (m = 30, index_base = 1)"),
            ("twice.csv", "1,1,0.5\n2,3,0.1\n1,1,0.2\n", "row 3: the entry (1, 1) is also row 1"),
            ("nan.csv", "1,1,0.5\n2,3,nan\n", "nan.csv"),
            ("fraction.csv", "1,1,0.5\n2.5,3,0.1\n", "row 2: the row index i 2.5 is not an integer"),
        ]
        for bad in cases {
            try cli.write(bad.file, bad.text)
            let path = try spec(cli, params: "entries_file: \(bad.file)")
            let result = try cli.run(["run", path])
            #expect(result.status == 2, "\(bad.file): \(result.stderr)")
            let lines = result.stderr.split(separator: "\n")
            #expect(lines.count == 1 && lines[0].contains(bad.file) && lines[0].contains(bad.message), "\(result.stderr)")
            #expect(lines.first?.contains("entries_file") == true)
        }
        let tooLarge = try spec(cli, params: "entries_file: entries.csv", rank: 25)
        let result = try cli.run(["run", tooLarge])
        #expect(result.status == 2 && result.stderr.contains("rank: k = 25 exceeds min(m, n) = 24")
                && result.stderr.split(separator: "\n").count == 1, "\(result.stderr)")
        #expect(cli.bytes("store.sqlite") == nil)
    }
}
