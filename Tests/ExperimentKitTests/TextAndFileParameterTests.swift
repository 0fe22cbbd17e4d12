import ExperimentKit
import Testing

/// The `text` parameter kind (a free string) accepts non-empty strings only; the `matrixFile`
/// kind accepts a path (before the data layer reads it) or the matrix read from it, and enters
/// the canonical parameters by the file's content hash.
@Suite struct TextAndFileParameterTests {
    @Test func textAcceptsAStringAndRejectsOthers() throws {
        let kind = ParameterKind.text
        #expect(try kind.normalize(.string("data/m.npy"), key: "path") == .string("data/m.npy"))
        #expect(throws: ParameterError.self) { try kind.normalize(.string(""), key: "path") }
        #expect(throws: ParameterError.self) { try kind.normalize(.int(3), key: "path") }
        #expect(kind.expectation == "a non-empty string")
    }

    @Test func matrixFileAcceptsAPathOrItsMatrix() throws {
        let kind = ParameterKind.matrixFile
        let m = MatrixInput(rows: 2, columns: 1, entries: [1, 2], contentHash: "c0ffee", source: "data/m.csv")
        #expect(try kind.normalize(.string("data/m.csv"), key: "path") == .string("data/m.csv"))
        #expect(try kind.normalize(.matrix(m), key: "path") == .matrix(m))
        #expect(throws: ParameterError.self) { try kind.normalize(.string(""), key: "path") }
        #expect(throws: ParameterError.self) { try kind.normalize(.double(1), key: "path") }
        #expect(m[1, 0] == 2)
        let moved = MatrixInput(rows: 2, columns: 1, entries: [1, 2], contentHash: "c0ffee", source: "elsewhere/n.csv")
        let a = ParameterSet(["path": .matrix(m)]), b = ParameterSet(["path": .matrix(moved)])
        #expect(a.canonicalJSON == #"{"path":"sha256:c0ffee"}"#)
        #expect(a.canonicalJSON == b.canonicalJSON)
        #expect(try a.matrix("path") == m)
        #expect(try ParameterSet(["path": .string("m.csv")]).matrix("path") == nil, "a default is not read")
        #expect(throws: ParameterError.self) { try ParameterSet(["path": .double(1)]).matrix("path") }
    }
}
