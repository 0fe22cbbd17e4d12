import ExperimentKit
@testable import SensitivitySampling
import Testing

/// `matrix: file`: the model receives the user's matrix as data (a `MatrixInput` the data layer
/// read) and checks its shape; it reads no file.
@Suite struct FileMatrixTests {
    /// A matrix input with `rows` (row-major lists), as if read from `source`.
    func input(_ rows: [[Double]], source: String = "data/m.csv", hash: String = "ab") -> MatrixInput {
        let n = rows.count, d = rows[0].count
        var entries = [Double](repeating: 0, count: n * d)
        for i in 0..<n { for j in 0..<d { entries[i + j * n] = rows[i][j] } }
        return MatrixInput(rows: n, columns: d, entries: entries, contentHash: hash, source: source)
    }

    @Test func theModelRunsOnTheMatrixItIsGiven() throws {
        // Row 5 is the only one with a nonzero last coordinate: its ℓ1 sensitivity is exactly 1.
        let a = input([[1, 0, 0], [0, 1, 0], [1, 1, 0], [2, -1, 0], [1, 3, 0], [0, 0, 7]])
        let model = try SensitivitySampling(parameters: SensitivitySampling.schema.resolve(ParameterSet([
            "matrix": .string("file"), "path": .matrix(a), "p": .double(1), "trials": .int(0)])))
        #expect(model.file == a)
        let outcome = try model.run(seeds: RunSeeds(instance: 1, algorithm: 2), record: RecordPolicy())
        let sensitivity = try #require(outcome.series["sensitivity"])
        #expect(sensitivity.steps == [0, 1, 2, 3, 4, 5])
        #expect(abs(sensitivity.values[5] - 1) < 1e-8)
        let total = try #require(outcome.metrics["total_sensitivity"])
        #expect(total > 1 && total <= 3 + 1e-8)
    }

    @Test func aWideMatrixOrNoFileIsABadParameter() {
        let wide = input([[1, 2, 3], [4, 5, 6]], source: "wide.csv")
        #expect(throws: ParameterError(key: "path", message: "wide.csv: the matrix is 2×3; sensitivity sampling needs "
            + "at least as many rows as columns")) {
            try SensitivitySampling.schema.resolve(ParameterSet(["matrix": .string("file"), "path": .matrix(wide)]))
        }
        #expect(throws: ParameterError(key: "path", message: "matrix: file needs `path`, a .csv or .npy file")) {
            try SensitivitySampling.schema.resolve(ParameterSet(["matrix": .string("file")]))
        }
        #expect(throws: ParameterError.self) {
            try SensitivitySampling.schema.resolve(ParameterSet(["matrix": .string("file"), "path": .string("unread.csv")]))
        }
        // The default names no file and keeps its text in the canonical parameters of the drawn families.
        let drawn = try? SensitivitySampling.schema.resolve(ParameterSet(["matrix": .string("gaussian")]))
        #expect(drawn?["path"] == .string("matrix.npy"))
        #expect(drawn?.canonicalJSON.contains(#""path":"matrix.npy""#) == true)
    }

    @Test func theRunKeyHoldsTheContentHashNotThePath() throws {
        let rows: [[Double]] = [[1, 0], [0, 1], [1, 1]]
        func key(_ a: MatrixInput) throws -> String {
            let p = try SensitivitySampling.schema.resolve(ParameterSet(["matrix": .string("file"), "path": .matrix(a)]))
            return RunIdentity(schema: SensitivitySampling.schema, parameters: p, replicate: 0).key
        }
        let here = try key(input(rows, source: "a.csv", hash: "11"))
        #expect(try key(input(rows, source: "elsewhere/b.csv", hash: "11")) == here)
        #expect(try key(input(rows, source: "a.csv", hash: "12")) != here)
    }
}
