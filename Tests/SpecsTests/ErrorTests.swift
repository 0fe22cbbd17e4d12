import ExperimentKit
import Foundation
import Testing
@testable import Specs

/// Every error names file, line, column (1-based, at the offending key or value), key path.
@Suite("Spec errors")
struct ErrorTests {
    /// The one-line description of the error loading `text`, or "loaded" when it loads.
    func message(_ text: String) -> String {
        loadError(text)?.description ?? "loaded"
    }

    @Test func typoInParamsSuggestsTheParameter() throws {
        let error = try #require(loadError(header + "params:\n  n: 50\n  search_rank: 3\n  iteratons: 100\n"))
        #expect(error == SpecError(file: "x.yaml", line: 8, column: 3, keyPath: "params.iteratons",
                                   message: "unknown parameter of model 'matrix-sensing' (did you mean 'iterations'?)"))
        #expect(error.description
                == "x.yaml:8:3: params.iteratons: unknown parameter of model 'matrix-sensing' (did you mean 'iterations'?)")
    }

    @Test func unknownTopLevelKey() {
        #expect(message(header + "params: { search_rank: 3 }\nclaimz: []\n")
                == "x.yaml:6:1: claimz: unknown key (did you mean 'claims'?)")
    }

    @Test func wrongType() {
        #expect(message(header + "params:\n  search_rank: 3\n  n: fifty\n")
                == "x.yaml:7:6: params.n: expected an integer ≥ 1, got a string (fifty)")
    }

    @Test func outOfRange() {
        #expect(message(header + "params: { search_rank: 3, step: -1 }\n")
                == "x.yaml:5:33: params.step: expected a real number > 0.0, got -1.0")
    }

    @Test func choiceTypo() {
        #expect(message(header + "params:\n  search_rank: 3\n  parameterization: symetric\n")
                == "x.yaml:7:21: params.parameterization: expected one of symmetric, asymmetric, asymmetric-rebalanced, "
                + "got 'symetric' (did you mean 'symmetric'?)")
    }

    @Test func crossCheckPointsAtTheSweepValue() {
        #expect(message(header + "params: { n: 5 }\nsweep:\n  search_rank: [3, 4, 6]\n  init_scale: [0.1, 0.2]\n")
                == "x.yaml:7:23: sweep.search_rank: must be ≤ n = 5, got 6 (at init_scale = 0.1)")
    }

    @Test func crossCheckPointsAtTheParam() {
        #expect(message(header + "params:\n  n: 2\n  search_rank: 3\n")
                == "x.yaml:7:16: params.search_rank: must be ≤ n = 2, got 3")
    }

    @Test func missingRequiredParameter() {
        #expect(message(header + "params:\n  n: 5\n")
                == "x.yaml:5:1: params.search_rank: required parameter of model 'matrix-sensing' is missing")
    }

    @Test func unknownModel() {
        #expect(message("id: t\ntitle: T\npaper: p\nmodel: matrix-sensin\n")
                == "x.yaml:4:8: model: unknown model 'matrix-sensin' (did you mean 'matrix-sensing'?)")
        #expect(message("id: t\ntitle: T\npaper: p\nmodel: lasso\n")
                == "x.yaml:4:8: model: unknown model 'lasso' (known models: matrix-sensing)")
    }

    @Test func duplicateKeyPointsAtTheSecondOccurrence() {
        #expect(message(header + "params:\n  n: 5\n  search_rank: 3\n  n: 6\n")
                == "x.yaml:8:3: params.n: duplicate key 'n' (first at line 6, column 3)")
        #expect(message(header + "params: { n: 5, n: 6, search_rank: 3 }\n")
                == "x.yaml:5:17: params.n: duplicate key 'n' (first at line 5, column 11)")
        #expect(message("id: t\nid: u\ntitle: T\n")
                == "x.yaml:2:1: id: duplicate key 'id' (first at line 1, column 1)")
    }

    @Test func duplicateKeyWithCRLFAndQuotes() {
        let crlf = (header + "params:\n  n: 5\n  search_rank: 3\n  n: 6\n").replacingOccurrences(of: "\n", with: "\r\n")
        #expect(message(crlf) == "x.yaml:8:3: params.n: duplicate key 'n' (first at line 6, column 3)")
        #expect(message(header + "params: { search_rank: 1, \"n\": 5, n: 6 }\n")
                == "x.yaml:5:35: params.n: duplicate key 'n' (first at line 5, column 27)")
    }

    @Test func byteOrderMarkIsIgnored() {
        #expect(message("\u{FEFF}" + header + "params: { search_rank: 1, n: x }\n")
                == "x.yaml:5:30: params.n: expected an integer ≥ 1, got a string (x)")
    }

    @Test func controlCharacterIsAReaderError() {
        #expect(message(header + "params: { search_rank: 1 }\nnotes: \u{0}x\n")
                == "x.yaml:6:8: unreadable YAML: control characters are not allowed")
    }

    @Test func tabIsASyntaxError() {
        let error = loadError(header + "params:\n\tsearch_rank: 3\n")
        #expect(error?.line == 6)
        #expect(error?.column == 1)
        #expect(error?.description == "x.yaml:6:1: YAML syntax error: found character that cannot start any token "
                + "(while scanning for the next token at line 6, column 1); indent with spaces, not tabs")
    }

    @Test func unclosedFlowIsASyntaxError() {
        #expect(message(header + "params: { search_rank: 3\nreplicates: 2\n")
                == "x.yaml:6:11: YAML syntax error: did not find expected ',' or '}' (while parsing a flow mapping at line 5, column 9)")
    }

    @Test func zipListsOfUnequalLength() {
        #expect(message(header + "params: { search_rank: 1 }\nsweep:\n  zip:\n    init_scale: [0.1, 0.2]\n    step: [0.1, 0.2, 0.3]\n")
                == "x.yaml:9:11: sweep.zip.step: zipped lists differ in length: 'init_scale' has 2 values, 'step' has 3")
    }

    @Test func zipKeyThatIsAlsoACartesianAxis() {
        #expect(message(header + "params: { search_rank: 1 }\nsweep:\n  step: [0.1, 0.2]\n  zip:\n    step: [0.3, 0.4]\n")
                == "x.yaml:9:5: sweep.zip.step: also a sweep axis at line 7; a key may appear in one place of the sweep")
    }

    @Test func claimWithUnknownMetric() {
        let text = header + "params: { search_rank: 1 }\nclaims:\n  - id: c\n    text: C\n    metric: final_eror\n    expect: { above: 0 }\n"
        #expect(message(text)
                == "x.yaml:9:13: claims[0].metric: unknown metric of model 'matrix-sensing' (did you mean 'final_error'?)")
    }

    @Test func claimAcrossNotAnAxis() {
        let text = header + """
        params: { search_rank: 1 }
        sweep: { step: [0.1, 0.2] }
        claims:
          - id: c
            text: C
            metric: final_error
            across: init_scale
            statistic: slope
            expect: { above: 0 }

        """
        #expect(message(text) == "x.yaml:11:13: claims[0].across: 'init_scale' is not a sweep axis (axes: step)")
    }

    @Test func missingRequiredID() {
        #expect(message("title: T\npaper: p\nmodel: matrix-sensing\n") == "x.yaml:1:1: id: missing required key")
    }

    @Test func invalidID() {
        #expect(message("id: Xiong 2023\ntitle: T\npaper: p\nmodel: matrix-sensing\n")
                == "x.yaml:1:5: id: expected an id of a-z, 0-9, '.', '_' and '-', got 'Xiong 2023'")
    }

    @Test func zeroReplicates() {
        #expect(message(header + "params: { search_rank: 1 }\nreplicates: 0\n")
                == "x.yaml:6:13: replicates: expected an integer in 1...10000, got 0")
    }

    @Test func emptySweepList() {
        #expect(message(header + "params: { search_rank: 1 }\nsweep:\n  step: []\n")
                == "x.yaml:7:9: sweep.step: expected a non-empty list of values")
    }

    @Test func repeatedSweepValue() {
        #expect(message(header + "params: { search_rank: 1 }\nsweep:\n  step: [0.1, 0.2, 0.1]\n")
                == "x.yaml:7:20: sweep.step: value 0.1 is listed twice")
    }

    @Test func keyInParamsAndSweep() {
        #expect(message(header + "params: { search_rank: 1, step: 0.1 }\nsweep:\n  step: [0.1, 0.2]\n")
                == "x.yaml:7:3: sweep.step: also set in params at line 5; give it in one place")
    }

    @Test func betweenNeedsLowBelowHigh() {
        let text = header + "params: { search_rank: 1 }\nclaims:\n  - id: c\n    text: C\n    metric: final_error\n"
            + "    expect: { between: [2, 1] }\n"
        #expect(message(text) == "x.yaml:10:24: claims[0].expect.between: expected low < high, got [2, 1]")
    }

    @Test func expectNeedsExactlyOneKind() {
        let claim = header + "params: { search_rank: 1 }\nclaims:\n  - id: c\n    text: C\n    metric: final_error\n"
        #expect(message(claim + "    expect: { above: 1, below: 2 }\n")
                == "x.yaml:10:25: claims[0].expect.below: expected exactly one of above, below, between, near; 'above' is given too")
        #expect(message(claim + "    expect: { near: 1 }\n") == "x.yaml:10:15: claims[0].expect.near: 'near' needs a 'tolerance'")
        #expect(message(claim + "    expect: { abov: 1 }\n") == "x.yaml:10:15: claims[0].expect.abov: unknown key (did you mean 'above'?)")
    }

    @Test func claimKeyTypoAndDuplicateIDs() {
        let base = header + "params: { search_rank: 1 }\nclaims:\n"
        #expect(message(base + "  - id: c\n    text: C\n    metrc: final_error\n    expect: { above: 0 }\n")
                == "x.yaml:9:5: claims[0].metrc: unknown key (did you mean 'metric'?)")
        let claim = "    text: C\n    metric: final_error\n    expect: { above: 0 }\n"
        #expect(message(base + "  - id: c\n" + claim + "  - id: c\n" + claim)
                == "x.yaml:11:9: claims[1].id: duplicate claim id 'c' (first at line 7)")
    }

    @Test func statisticAndAcrossGoTogether() {
        let base = header + "params: { search_rank: 1 }\nsweep: { step: [0.1, 0.2] }\nclaims:\n  - id: c\n    text: C\n"
            + "    metric: final_error\n    expect: { above: 0 }\n"
        #expect(message(base + "    statistic: slope\n")
                == "x.yaml:12:5: claims[0].statistic: 'statistic' needs 'across' (the sweep axis it runs over)")
        #expect(message(base + "    across: step\n")
                == "x.yaml:12:5: claims[0].across: 'across' needs a 'statistic' (one of slope, loglog_slope, max_over_min, max_minus_min, min, max)")
        #expect(message(base + "    across: step\n    statistic: slop\n")
                == "x.yaml:13:16: claims[0].statistic: expected one of slope, loglog_slope, max_over_min, max_minus_min, min, max, got 'slop' "
                + "(did you mean 'slope'?)")
        #expect(message(base + "    across: step\n    statistic: max\n    versus: { step: 0.1 }\n")
                == "x.yaml:14:5: claims[0].versus: 'versus' cannot be combined with 'across'")
    }

    @Test func claimFilterMustSelectRuns() {
        let text = header + "params: { search_rank: 1 }\nsweep: { step: [0.1, 0.2] }\nclaims:\n  - id: c\n    text: C\n"
            + "    where: { step: 0.3 }\n    metric: final_error\n    expect: { above: 0 }\n"
        #expect(message(text) == "x.yaml:10:5: claims[0].where: no run of the sweep has step = 0.3")
    }

    @Test func recordEvery() {
        #expect(message(header + "params: { search_rank: 1 }\nrecord: { every: 0 }\n")
                == "x.yaml:6:18: record.every: expected an integer ≥ 1, got 0")
        #expect(message(header + "params: { search_rank: 1 }\nrecord: { evry: 2 }\n")
                == "x.yaml:6:11: record.evry: unknown key (did you mean 'every'?)")
    }

    @Test func rootMustBeAMapping() {
        #expect(message("- a\n- b\n") == "x.yaml:1:1: expected a mapping, got a list")
        #expect(message("") == "x.yaml:1:1: the spec is empty; expected a mapping with id, title, paper and model")
    }

    @Test func missingFile() {
        let path = "/nonexistent-\(UUID().uuidString)/x.yaml"
        #expect(throws: SpecError(file: path, line: 0, column: 0, keyPath: "", message: "file not found")) {
            try loader.load(path: path)
        }
        #expect(SpecError(file: path, line: 0, column: 0, keyPath: "", message: "file not found").description
                == "\(path): file not found")
    }

    @Test func nonUTF8Bytes() throws {
        let path = try temporaryFile(Array(header.utf8) + [0x6E, 0x6F, 0x74, 0x65, 0x73, 0x3A, 0x20, 0xFF, 0x0A])
        #expect(throws: SpecError(file: path, line: 5, column: 8, keyPath: "",
                                  message: "not UTF-8 text (byte 0xFF at offset 53); save the file as UTF-8")) {
            try loader.load(path: path)
        }
    }
}
