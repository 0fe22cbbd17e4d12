import ExperimentKit
import NumericsCore
import Testing
@testable import MatrixCompletion

/// `family: file`: the entries arrive as an N×3 matrix, are checked with one-line messages
/// naming the key, the file and the entry's row, and a rank-k matrix with enough samples is
/// completed to its given truth by every solver.
@Suite struct EntriesFileTests {
    let m = 30, n = 24, k = 2

    /// A rank-2 matrix, its entries (i, j, M_ij) at about 60% of the positions, and the truth.
    func files() -> (entries: [Double], count: Int, truth: [Double]) {
        var g = Xoshiro256StarStar(seed: 21)
        let a = Matrix.gaussian(rows: m, columns: k, using: &g), b = Matrix.gaussian(rows: n, columns: k, using: &g)
        var rows: [[Double]] = [], truth = [Double](repeating: 0, count: m * n)
        for j in 0..<n {
            for i in 0..<m {
                let value = a[i, 0] * b[j, 0] + a[i, 1] * b[j, 1]
                truth[i + j * m] = value
                if g.nextUniform() < 0.6 { rows.append([Double(i), Double(j), value]) }
            }
        }
        rows.reverse()  // file order need not be sorted
        var entries = [Double](repeating: 0, count: rows.count * 3)
        for (r, row) in rows.enumerated() { for c in 0..<3 { entries[r + c * rows.count] = row[c] } }
        return (entries, rows.count, truth)
    }

    func parameters(_ overrides: [String: ParameterValue] = [:]) -> [String: ParameterValue] {
        let (entries, count, truth) = files()
        var values: [String: ParameterValue] = [
            "family": .string("file"), "m": .int(m), "n": .int(n), "rank": .int(k), "iterations": .int(100),
            "entries_file": input(count, 3, entries, source: "entries.csv"),
            "truth_file": input(m, n, truth, source: "truth.csv"),
        ]
        for (key, value) in overrides { values[key] = value }
        return values
    }

    @Test(arguments: UpdateSolver.allCases)
    func everySolverCompletesTheMatrixToItsTruth(solver: UpdateSolver) throws {
        let model = try MatrixCompletion(parameters: resolve(parameters(["solver": .string(solver.rawValue)])))
        let outcome = try model.run(seeds: RunSeeds(instance: 1, algorithm: 2), record: RecordPolicy(every: 5))
        #expect(outcome.status == .ok)
        #expect(try #require(outcome.metrics["final_error"]) < 1e-8)
        #expect(try #require(outcome.metrics["final_observed_residual"]) < 1e-8)
        #expect(outcome.metrics["final_subspace_distance"] == nil)  // no planted factors
    }

    @Test func withoutTruthTheObservedResidualIsTracked() throws {
        var values = parameters()
        values["truth_file"] = nil
        let outcome = try MatrixCompletion(parameters: resolve(values)).run(seeds: RunSeeds(instance: 1, algorithm: 2),
                                                                           record: RecordPolicy())
        #expect(outcome.metrics["final_error"] == nil && outcome.series["error"] == nil)
        #expect(try #require(outcome.metrics["iterations_to_1e-8"]) < 100)
        #expect(try #require(outcome.series["observed_residual"]?.values.last) < 1e-8)
    }

    /// The error message `overrides` raise (without the keys in `removing`), or nil.
    func rejection(_ overrides: [String: ParameterValue], removing: [String] = []) -> String? {
        var values = parameters(overrides)
        for key in removing { values[key] = nil }
        do {
            _ = try resolve(values)
            return nil
        } catch {
            return error.description
        }
    }

    @Test func badEntriesNameTheFileAndTheRow() {
        // rows: (0, 0), (31, 1) out of range, (2.5, 1) not an integer, (0, 0) again.
        func entries(_ rows: [[Double]]) -> ParameterValue {
            var flat = [Double](repeating: 0, count: rows.count * 3)
            for (r, row) in rows.enumerated() { for c in 0..<3 { flat[r + c * rows.count] = row[c] } }
            return input(rows.count, 3, flat, source: "bad.csv")
        }
        #expect(rejection(["entries_file": entries([[0, 0, 1], [1, 1, 2], [30, 1, 3]])])
            == "entries_file: bad.csv: row 3: the row index i 30 is outside 0...29 (m = 30, index_base = 0)")
        #expect(rejection(["entries_file": entries([[0, 0, 1], [1, 24, 2]])])
            == "entries_file: bad.csv: row 2: the column index j 24 is outside 0...23 (n = 24, index_base = 0)")
        #expect(rejection(["entries_file": entries([[0, 0, 1], [2.5, 1, 2]])])
            == "entries_file: bad.csv: row 2: the row index i 2.5 is not an integer")
        #expect(rejection(["entries_file": entries([[0, 0, 1], [3, 1, 2], [0, 0, 5]])])
            == "entries_file: bad.csv: row 3: the entry (0, 0) is also row 1")
        #expect(rejection(["entries_file": entries([[0, 0, 1], [3, 1, .nan]])])
            == "entries_file: bad.csv: row 2: the value is not finite")
        #expect(rejection(["entries_file": entries([[1, 1, 1], [30, 24, 2]]), "index_base": .int(1)]) == nil)
        #expect(rejection(["entries_file": entries([[0, 1, 1], [30, 24, 2]]), "index_base": .int(1)])
            == "entries_file: bad.csv: row 1: the row index i 0 is outside 1...30 (m = 30, index_base = 1)")
        #expect(rejection(["entries_file": input(2, 2, [0, 1, 0, 1], source: "two.csv")])
            == "entries_file: two.csv: has 2 columns; the entries are rows `i, j, value` (3 columns)")
        #expect(rejection(["rank": .int(25)]) == "rank: k = 25 exceeds min(m, n) = 24")
        #expect(rejection(["truth_file": input(2, 2, [1, 0, 0, 1], source: "t.csv")])
            == "truth_file: t.csv: is 2×2, the entries are of an 30×24 matrix (m × n)")
        #expect(rejection([:], removing: ["entries_file"])?.hasPrefix("entries_file: family: file needs") == true)
    }
}
