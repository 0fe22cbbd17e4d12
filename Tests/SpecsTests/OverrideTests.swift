import ExperimentKit
import Testing
@testable import Specs

@Suite("--set overrides")
struct OverrideTests {
    @Test func parsesKeyAndValues() throws {
        #expect(try Override(parsing: "search_rank=3,4,5") == Override(key: "search_rank", rawValues: ["3", "4", "5"]))
        #expect(try Override(parsing: " step = 1e-3 , 0.1 ") == Override(key: "step", rawValues: ["1e-3", "0.1"]))
        #expect(try Override(parsing: "spectrum=1;0.5,1;0.25") == Override(key: "spectrum", rawValues: ["1;0.5", "1;0.25"]))
    }

    @Test func rejectsMalformedText() {
        #expect(throws: SpecError(file: "--set", line: 0, column: 0, keyPath: "",
                                  message: "expected key=value[,value…], got 'search_rank'")) {
            try Override(parsing: "search_rank")
        }
        #expect(throws: SpecError(file: "--set", line: 0, column: 0, keyPath: "",
                                  message: "expected key=value[,value…], got '=3' (no key)")) {
            try Override(parsing: "=3")
        }
        let empty = SpecError(file: "--set", line: 0, column: 0, keyPath: "k",
                              message: "empty value in 'k=1,,2'; expected key=value[,value…]")
        #expect(throws: empty) { try Override(parsing: "k=1,,2") }
        #expect(empty.description == "--set: k: empty value in 'k=1,,2'; expected key=value[,value…]")
        #expect(throws: SpecError.self) { try Override(parsing: "k=") }
    }

    @Test func addsAnAxis() throws {
        let spec = try loader.load(text: validSpec, path: "f.yaml", overrides: [try Override(parsing: "iterations=10,20")])
        #expect(spec.params["iterations"] == nil)
        #expect(spec.sweep.axes.map(\.name) == ["search_rank", "iterations"])
        #expect(spec.sweep.axis(named: "iterations")?.values == [.int(10), .int(20)])
        #expect(spec.sweep.pointCount == 12)
    }

    @Test func replacesAnAxisInPlace() throws {
        let spec = try loader.load(text: validSpec, path: "f.yaml", overrides: [try Override(parsing: "search_rank=5,3")])
        #expect(spec.sweep.axes == [SweepAxis(name: "search_rank", values: [.int(5), .int(3)])])
        #expect(spec.sweep.pointCount == 4)
    }

    /// Claims are checked after the overrides as they are in the file: a `where` that selects
    /// no run of the overridden sweep is an error at the claim.
    @Test func anOverrideThatLeavesAClaimWithoutRunsIsAnError() throws {
        #expect(throws: SpecError(file: "f.yaml", line: 36, column: 5, keyPath: "claims[2].where",
                                  message: "no run of the sweep has search_rank = 5")) {
            try loader.load(text: validSpec, path: "f.yaml", overrides: [try Override(parsing: "search_rank=1,3")])
        }
    }

    @Test func oneValueFixesTheParameter() throws {
        let claimless = validSpec.components(separatedBy: "claims:")[0]
        let spec = try loader.load(text: claimless, path: "f.yaml", overrides: [try Override(parsing: "search_rank=4")])
        #expect(spec.params["search_rank"] == .int(4))
        #expect(spec.sweep.axes.isEmpty)
        #expect(spec.sweep.zipped.count == 2)
        #expect(try spec.plan(schema: FakeSensing.schema).count == 2 * 3)
    }

    @Test func realsAndScientificNotation() throws {
        let spec = try loader.load(text: header + "params: { search_rank: 1 }\n", path: "m.yaml",
                                   overrides: [try Override(parsing: "init_scale=1e-3"), try Override(parsing: "spectrum=1;0.5,1;0.25")])
        #expect(spec.params["init_scale"] == .double(0.001))
        #expect(spec.sweep.axes == [SweepAxis(name: "spectrum", values: [.reals([1, 0.5]), .reals([1, 0.25])])])
    }

    @Test func zippedKeyNeedsTheZipLength() throws {
        let spec = try loader.load(text: validSpec, path: "f.yaml", overrides: [try Override(parsing: "step=0.3,0.4")])
        #expect(spec.sweep.zipped[1] == SweepAxis(name: "step", values: [.double(0.3), .double(0.4)]))
        let error = try #require(loadError(validSpec, overrides: [try Override(parsing: "step=0.3")]))
        #expect(error.description == "--set: step: is zipped with init_scale; give exactly 2 values to replace its zipped list, got 1")
    }

    @Test func unknownKeyAndBadValueNameTheOverride() throws {
        let unknown = try #require(loadError(validSpec, overrides: [try Override(parsing: "iteratons=5")]))
        #expect(unknown.description == "--set: iteratons: unknown parameter of model 'matrix-sensing' (did you mean 'iterations'?)")
        let bad = try #require(loadError(validSpec, overrides: [try Override(parsing: "n=abc")]))
        #expect(bad.description == "--set: n: expected an integer ≥ 1, got a string (abc)")
    }

    @Test func crossCheckFailureOfAnOverridePointsAtIt() throws {
        let error = try #require(loadError(validSpec, overrides: [try Override(parsing: "search_rank=60")]))
        #expect(error.description == "--set: search_rank: must be ≤ n = 50, got 60 (at init_scale = 0.5, step = 0.1)")
    }

    @Test func replicatesOverride() throws {
        let spec = try loader.load(text: validSpec, path: "f.yaml", replicates: 5)
        #expect(spec.replicates == 5)
        let error = try #require(loadError(validSpec, replicates: 0))
        #expect(error.description == "--replicates: replicates: expected an integer in 1...10000, got 0")
    }
}
