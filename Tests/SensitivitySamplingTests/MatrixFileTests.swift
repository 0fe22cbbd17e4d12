import ExperimentKit
import Foundation
import NumericsCore
@testable import SensitivitySampling
import Testing

/// .npy files written by NumPy (C and Fortran order) and CSV files round-trip; malformed and
/// non-finite files fail with one line naming the file.
@Suite struct MatrixFileTests {
    @Test(arguments: ["small_c.npy", "small_f.npy", "small.csv"])
    func fixtureRoundTrips(name: String) throws {
        let m = try MatrixFamily.read(path: fixtures.appendingPathComponent(name).path)
        #expect(m.rows == 5 && m.columns == 3)
        for i in 0..<5 { for j in 0..<3 { #expect(m[i, j] == fixtureEntry(i, j), "\(name) [\(i), \(j)]") } }
    }

    @Test func truncatedNPYIsRejected() throws {
        let bytes = [UInt8](try Data(contentsOf: fixtures.appendingPathComponent("small_c.npy")))
        #expect(throws: MatrixFileError.self) { try NPYReader.parse(Array(bytes.dropLast(8)), path: "x.npy") }
        #expect(throws: MatrixFileError.self) { try NPYReader.parse(Array(bytes.prefix(5)), path: "x.npy") }
    }

    @Test func nonFiniteNPYIsRejected() throws {
        var bytes = [UInt8](try Data(contentsOf: fixtures.appendingPathComponent("small_c.npy")))
        let nan = Double.nan.bitPattern
        for b in 0..<8 { bytes[bytes.count - 8 + b] = UInt8((nan >> (8 * UInt64(b))) & 0xFF) }
        #expect(throws: MatrixFileError.nonFinite(path: "x.npy", location: "entry 14 (file order)")) {
            try NPYReader.parse(bytes, path: "x.npy")
        }
    }

    @Test func aWideOrMissingFileIsABadParameter() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("wide-\(UUID().uuidString).csv")
        try Data("1,2,3\n4,5,6\n".utf8).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        let wide = ParameterSet(["matrix": .string("file"), "path": .string(url.path)])
        #expect(throws: ParameterError.self) { try SensitivitySampling.schema.resolve(wide) }
        let missing = ParameterSet(["matrix": .string("file"), "path": .string(url.path + ".missing.npy")])
        #expect(throws: ParameterError.self) { try SensitivitySampling.schema.resolve(missing) }
        let fixture = ParameterSet(["matrix": .string("file"), "path": .string(fixtures.appendingPathComponent("small_f.npy").path)])
        #expect(try SensitivitySampling.schema.resolve(fixture)["matrix"] == .string("file"))
    }

    @Test func csvErrorsNameTheLine() {
        #expect(throws: MatrixFileError.notANumber(path: "a.csv", line: 3, field: "x")) {
            try CSVMatrixReader.parse("1,2\n3,4\n5,x\n", path: "a.csv")
        }
        #expect(throws: MatrixFileError.raggedRow(path: "a.csv", line: 2, found: 3, expected: 2)) {
            try CSVMatrixReader.parse("1,2\n3,4,5\n", path: "a.csv")
        }
        #expect(throws: MatrixFileError.nonFinite(path: "a.csv", location: "line 1, field 2")) {
            try CSVMatrixReader.parse("1,inf\n", path: "a.csv")
        }
        #expect(throws: MatrixFileError.empty(path: "a.csv")) { try CSVMatrixReader.parse("a,b\n\n", path: "a.csv") }
    }
}
