import ExperimentKit
@testable import Runner
import Testing

/// A declaration for the schema reader's messages (no program is started).
private let declaration = ProgramDeclaration(name: "toy", path: "experiments/x/models/toy.yaml", arguments: ["python3", "toy.py"],
                                             workingDirectory: "/tmp", codeFiles: [], timeoutSeconds: 10,
                                             codeFingerprint: String(repeating: "c", count: 64))

private func schema(_ json: String) throws(ModelProgramError) -> ModelSchema {
    try ProgramSchemaReader.schema(from: Array(json.utf8), declaration: declaration)
}

private func message(_ json: String) -> String {
    do { _ = try schema(json); return "" } catch { return error.description }
}

@Suite struct ProgramSchemaTests {
    @Test func aDescriptionBecomesTheSchemaEveryCommandUses() throws {
        let s = try schema("""
            {"version": 2, "summary": "toy",
             "parameters": [
               {"name": "n", "kind": "integer", "min": 1, "max": 9, "default": 3, "instance": true, "symbol": "n"},
               {"name": "eta", "kind": "real", "min": 0, "min_open": true, "default": 0.5},
               {"name": "method", "kind": "choice", "choices": ["a", "b"], "default": "b"},
               {"name": "spectrum", "kind": "reals", "default": []},
               {"name": "verbose", "kind": "flag", "default": false},
               {"name": "label", "kind": "text"}],
             "metrics": ["final_error", {"name": "rate", "summary": "ρ"}],
             "series": [{"name": "error"}]}
            """)
        #expect(s.name == "toy" && s.version == 2 && s.codeFingerprint == declaration.codeFingerprint)
        #expect(s.parameters.map(\.name) == ["n", "eta", "method", "spectrum", "verbose", "label"])
        #expect(s.parameter(named: "n")?.kind == .integer(min: 1, max: 9) && s.instanceParameterNames == ["n"])
        #expect(s.parameter(named: "eta")?.kind == .real(min: 0, max: nil, lowerOpen: true, upperOpen: false))
        #expect(s.parameter(named: "method")?.defaultValue == .string("b"))
        #expect(s.parameter(named: "verbose")?.defaultValue == .bool(false))
        #expect(s.parameter(named: "label")?.defaultValue == nil)
        #expect(s.metrics.map(\.name) == ["final_error", "rate"] && s.series.map(\.name) == ["error"])
        // Validation is the schema's: a spec value out of range is rejected by name.
        #expect(throws: ParameterError.self) { try s.resolve(ParameterSet(["n": .int(10), "label": .string("x")])) }
        #expect(try s.resolve(ParameterSet(["label": .string("x")]))["eta"] == .double(0.5))
    }

    @Test func aWrongDescriptionIsOneLineNamingTheDeclaration() {
        let base = "experiments/x/models/toy.yaml: describe: "
        #expect(message("Traceback (most recent call last):") == base + "expected one JSON object on stdout, got 'Traceback (most recent call last):'")
        #expect(message(#"{"summary": "s", "parameters": [], "metrics": [], "extra": 1}"#) == base
            + "unknown key 'extra' (keys: version, summary, parameters, metrics, series)")
        #expect(message(#"{"summary": "s", "parameters": [{"name": "n", "kind": "int"}], "metrics": []}"#) == base
            + "parameters[0] (n).kind: expected integer, real, choice, flag, reals or text, got 'int'")
        #expect(message(#"{"summary": "s", "parameters": [{"name": "n", "kind": "integer", "min": 1, "default": 0}], "metrics": []}"#)
            == base + "parameters[0] (n).default: expected an integer ≥ 1, got 0")
        #expect(message(#"{"summary": "s", "parameters": [{"name": "N", "kind": "flag"}], "metrics": []}"#) == base
            + "parameters[0].name: expected a name of a-z, 0-9 and '_', starting with a letter")
        #expect(message(#"{"summary": "s", "parameters": [], "metrics": ["e", "e"]}"#) == base + "metrics[1]: 'e' is declared twice")
        #expect(message(#"{"parameters": [], "metrics": []}"#) == base + "summary: expected a non-empty string")
    }

    @Test func resultLinesReadPythonsInfinityAndRejectNaN() throws {
        let object = try #require(ProgramRun.parse(Array(#"{"status": "ok", "metrics": {"a": Infinity, "b": -Infinity, "c": NaN}}"#.utf8)))
        let metrics = try #require(object["metrics"] as? [String: Any])
        #expect(ProgramRun.number(metrics["a"] ?? 0) == .infinity && ProgramRun.number(metrics["b"] ?? 0) == -.infinity)
        #expect(ProgramRun.number(metrics["c"] ?? 0)?.isNaN == true)
        #expect(ProgramRun.number("inf") == .infinity && ProgramRun.number("x") == nil)
        #expect(ProgramRun.parse(Array("iteration 1: loss 0.5".utf8)) == nil)
    }
}
