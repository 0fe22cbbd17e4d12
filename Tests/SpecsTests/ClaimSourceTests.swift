import ExperimentKit
import Testing
@testable import Specs

/// Every claim states its source; a documented deviation is read whole.
@Suite struct ClaimSourceTests {
    let claimHead = header + "params: { search_rank: 3 }\nclaims:\n  - id: c\n    text: C\n    metric: final_error\n    expect: { above: 0 }\n"

    func load(_ text: String) throws(SpecError) -> Spec {
        try loader.load(text: text, path: "x.yaml")
    }

    @Test func aClaimWithoutASourceIsASpecError() {
        #expect(throws: SpecError(file: "x.yaml", line: 7, column: 5, keyPath: "claims[0].source",
                                  message: "missing required key (a claim states its source: paper: where in the paper, "
                                      + "and/or calibration: how the threshold was set)")) {
            try load(claimHead)
        }
    }

    @Test func sourcesAreReadWithTheirKind() throws {
        let paper = try load(claimHead + "    source: { paper: \"Theorem 1\", says: \"converges linearly\" }\n")
        #expect(paper.claims[0].source == ClaimSource(paper: "Theorem 1", says: "converges linearly"))
        #expect(paper.claims[0].source?.kind == "paper")
        let both = try load(claimHead + "    source:\n      paper: Fig. 2\n      calibration: ours, from a measured 0.03\n")
        #expect(both.claims[0].source?.kind == "calibration")
        #expect(both.claims[0].source?.description == "paper: Fig. 2; calibration: ours, from a measured 0.03")
    }

    @Test func badSourcesAndDeviationsAreOneLine() {
        #expect(throws: SpecError(file: "x.yaml", line: 11, column: 13, keyPath: "claims[0].source",
                                  message: "give 'paper' (where in the paper the statement is) or 'calibration' "
                                      + "(how the threshold was set), or both")) {
            try load(claimHead + "    source: { says: \"x\" }\n")
        }
        #expect(throws: SpecError.self) { try load(claimHead + "    source: { papr: \"x\" }\n") }
        let withSource = claimHead + "    source: { calibration: ours }\n"
        #expect(throws: SpecError(file: "x.yaml", line: 12, column: 16, keyPath: "claims[0].deviation.explanation",
                                  message: "missing required key (a deviation says what was measured, what was tried "
                                      + "and why it is not a bug)")) {
            try load(withSource + "    deviation: { measured: \"1851\", tried: \"a second implementation\" }\n")
        }
    }

    @Test func aDeviationIsReadWhole() throws {
        let spec = try load(claimHead + "    source: { calibration: ours }\n"
            + "    deviation:\n      measured: 1851 at m = 500\n      tried: an independent implementation\n"
            + "      explanation: the residual grows like alpha^0.43 at this m\n")
        #expect(spec.claims[0].deviation == Deviation(measured: "1851 at m = 500", tried: "an independent implementation",
                                                      explanation: "the residual grows like alpha^0.43 at this m"))
    }
}
