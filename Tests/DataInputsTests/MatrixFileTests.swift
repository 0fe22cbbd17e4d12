import DataInputs
import ExperimentKit
import Foundation
import Testing

/// .npy files written by NumPy (C and Fortran order) and CSV files round-trip; malformed and
/// non-finite files fail with one line naming the file; an input carries the SHA-256 of its
/// file's bytes, whatever the file's name.
@Suite struct MatrixFileTests {
    @Test(arguments: ["small_c.npy", "small_f.npy", "small.csv"])
    func fixtureRoundTrips(name: String) throws {
        let path = fixtures.appendingPathComponent(name).path
        let m = try MatrixFileReader.read(path: path)
        #expect(m.rows == 5 && m.columns == 3)
        #expect(m.source == path)
        for i in 0..<5 { for j in 0..<3 { #expect(m[i, j] == fixtureEntry(i, j), "\(name) [\(i), \(j)]") } }
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        #expect(m.contentHash == RunIdentity.sha256Hex(bytes))
    }

    @Test func theContentHashIsTheSHA256OfTheBytes() throws {
        // Python: hashlib.sha256(b"1,2\n3,4\n").hexdigest()
        let m = try CSVMatrixReader.parse(Array("1,2\n3,4\n".utf8), path: "a.csv")
        #expect(m.contentHash == "96bbd5de61f36b0e10c5771d180998d066192e8986aa34a8cb7c453f62959274")
        #expect(m.entries == [1, 3, 2, 4])
        #expect(ParameterValue.matrix(m).canonicalText == "\"sha256:\(m.contentHash)\"")
        #expect(ParameterValue.matrix(m).description == "a.csv")
    }

    @Test func aRenamedFileHasTheSameCanonicalValue() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("inputs-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let first = directory.appendingPathComponent("a.csv"), second = directory.appendingPathComponent("moved.csv")
        try Data("1,0\n0,1\n2,2\n".utf8).write(to: first)
        let before = try MatrixFileReader.read(path: first.path)
        try FileManager.default.moveItem(at: first, to: second)
        let after = try MatrixFileReader.read(path: second.path)
        #expect(ParameterValue.matrix(before).canonicalText == ParameterValue.matrix(after).canonicalText)
        #expect(before != after, "the inputs still name their own paths")
        try Data("1,0\n0,1\n2,3\n".utf8).write(to: second)
        let edited = try MatrixFileReader.read(path: second.path)
        #expect(ParameterValue.matrix(edited).canonicalText != ParameterValue.matrix(after).canonicalText)
        #expect(edited[2, 1] == 3)
    }

    @Test func aMissingOrUnknownFileNamesThePath() {
        #expect(throws: MatrixFileError.self) { try MatrixFileReader.read(path: "/nonexistent/dir/a.csv") }
        do {
            _ = try MatrixFileReader.read(path: "/nonexistent/dir/a.csv")
        } catch {
            #expect(error.description.hasPrefix("/nonexistent/dir/a.csv: cannot read the matrix file ("))
        }
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("m-\(UUID().uuidString).txt")
        try? Data("1,2\n".utf8).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        #expect(throws: MatrixFileError.unknownFormat(path: url.path)) { try MatrixFileReader.read(path: url.path) }
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

    @Test func csvErrorsNameTheLine() {
        #expect(throws: MatrixFileError.notANumber(path: "a.csv", line: 3, field: "x")) {
            try CSVMatrixReader.parse(Array("1,2\n3,4\n5,x\n".utf8), path: "a.csv")
        }
        #expect(throws: MatrixFileError.raggedRow(path: "a.csv", line: 2, found: 3, expected: 2)) {
            try CSVMatrixReader.parse(Array("1,2\n3,4,5\n".utf8), path: "a.csv")
        }
        #expect(throws: MatrixFileError.nonFinite(path: "a.csv", location: "line 1, field 2")) {
            try CSVMatrixReader.parse(Array("1,inf\n".utf8), path: "a.csv")
        }
        #expect(throws: MatrixFileError.empty(path: "a.csv")) { try CSVMatrixReader.parse(Array("a,b\n\n".utf8), path: "a.csv") }
    }
}

/// The folder of the NumPy-written fixtures (see Fixtures/make_fixtures.py).
let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")

/// The fixture matrix M[i, j] = i + j/10 − 0.25·(i·j mod 3), 5×3, as make_fixtures.py writes it.
func fixtureEntry(_ i: Int, _ j: Int) -> Double {
    Double(i) + Double(j) / 10 - 0.25 * Double(i * j % 3)
}
