import Foundation
import ResultStore
import Testing

/// The user story: point a spec at your own matrix file and export its
/// sensitivities as CSV, one row per matrix row.
@Suite(.serialized) struct SensitivityExportTests {
    static let spec = """
        id: my-matrix
        title: Sensitivities of a user's matrix
        paper: woodruff2023
        model: sensitivity-sampling
        params: { matrix: file, path: data/m.csv, p: 1, trials: 0 }
        replicates: 1

        """

    @Test func fileMatrixSensitivitiesExportOneRowPerMatrixRow() throws {
        let cli = try CLI()
        try FileManager.default.createDirectory(at: cli.directory.appendingPathComponent("data"),
                                                withIntermediateDirectories: true)
        // Row 5 is the only one with a nonzero last coordinate: its ℓ1 sensitivity is exactly 1.
        try cli.write("data/m.csv", "a,b,c\n1,0,0\n0,1,0\n1,1,0\n2,-1,0\n1,3,0\n0,0,7\n")
        try cli.write("mine.yaml", Self.spec)
        let run = try cli.run(["run", "mine.yaml", "--quiet"])
        #expect(run.status == 0, "\(run.stderr)")
        let r = try cli.run(["export", "mine.yaml", "--series", "sensitivity"])
        #expect(r.status == 0)
        let rows = CSV.parse(r.stdout)
        let header = try #require(rows.first)
        let step = try #require(header.firstIndex(of: "step")), value = try #require(header.firstIndex(of: "value"))
        let body = rows.dropFirst().filter { $0.count == header.count }
        #expect(body.map { $0[step] } == ["0", "1", "2", "3", "4", "5"])
        let last = try #require(Double(body[5][value]))
        #expect(abs(last - 1) < 1e-8)
        let total = body.compactMap { Double($0[value]) }.reduce(0, +)
        #expect(total <= 3 + 1e-8)  // 𝔖 ≤ d for p = 1
    }

    @Test func aMalformedMatrixFileExitsTwoNamingTheFile() throws {
        let cli = try CLI()
        try FileManager.default.createDirectory(at: cli.directory.appendingPathComponent("data"),
                                                withIntermediateDirectories: true)
        try cli.write("data/m.csv", "1,2,3\n4,five,6\n")
        try cli.write("mine.yaml", Self.spec)
        let r = try cli.run(["run", "mine.yaml"])
        #expect(r.status == 2)
        #expect(r.stderr.split(separator: "\n").count == 1)
        #expect(r.stderr.contains("data/m.csv:2: 'five' is not a number"))
        #expect(cli.bytes("store.sqlite") == nil)
    }
}
