import ExperimentKit
import Testing

/// The `text` parameter kind (a free string such as a file path) accepts non-empty strings only.
@Suite struct TextParameterTests {
    @Test func textAcceptsAStringAndRejectsOthers() throws {
        let kind = ParameterKind.text
        #expect(try kind.normalize(.string("data/m.npy"), key: "path") == .string("data/m.npy"))
        #expect(throws: ParameterError.self) { try kind.normalize(.string(""), key: "path") }
        #expect(throws: ParameterError.self) { try kind.normalize(.int(3), key: "path") }
        #expect(kind.expectation == "a non-empty string")
    }
}
