import ExperimentKit
import Foundation
import Testing
@testable import Specs

@Suite("Loading valid specs")
struct LoaderTests {
    @Test func validSpecLoadsWithTypedValues() throws {
        let spec = try loader.load(text: validSpec, path: "experiments/xiong2023/fig1.yaml")
        #expect(spec.id == "xiong2023-fig1-symmetric")
        #expect(spec.title == "Symmetric GD slows down when over-parameterized")
        #expect(spec.paper == "xiong2023")
        #expect(spec.model == "matrix-sensing")
        #expect(spec.path == "experiments/xiong2023/fig1.yaml")
        #expect(spec.params == ParameterSet([
            "n": .int(50), "rank": .int(3), "measurements": .int(1500), "spectrum": .reals([1.0, 0.75, 0.5]),
            "iterations": .int(20000), "parameterization": .string("symmetric"),
        ]))
        #expect(spec.sweep.axes == [SweepAxis(name: "search_rank", values: [.int(3), .int(4), .int(5)])])
        #expect(spec.sweep.zipped == [SweepAxis(name: "init_scale", values: [.double(0.5), .double(0.2)]),
                                      SweepAxis(name: "step", values: [.double(0.1), .double(0.01)])])
        #expect(spec.sweep.axisNames == ["search_rank", "init_scale", "step"])
        #expect(spec.sweep.pointCount == 6)
        #expect(spec.replicates == 3)
        #expect(spec.record == RecordPolicy(every: 10))
        #expect(spec.notes == "Step constants tuned; the paper does not print them.")
        #expect(spec.claims.count == 3)
        var first = Claim(id: "linear-at-exact-rank", text: "With k = r the error decays linearly",
                          filter: ParameterSet(["search_rank": .int(3)]), metric: "linear_rate",
                          aggregate: .median, expect: .below(1e-8))
        first.source = ClaimSource(calibration: "a test threshold")
        #expect(spec.claims[0] == first)
        var second = Claim(id: "slope-across-scale", text: "The final error scales with the initialization",
                           metric: "final_error", aggregate: .mean, across: "init_scale",
                           statistic: .loglogSlope, expect: .between(0.5, 2))
        second.source = ClaimSource(calibration: "a test threshold")
        #expect(spec.claims[1] == second)
        #expect(spec.claims[2].versus == ParameterSet(["search_rank": .int(3)]))
        #expect(spec.claims[2].versusFilter == ParameterSet(["search_rank": .int(3)]))
        #expect(spec.claims[2].expect == .near(1, tolerance: 0.5))
        #expect(spec.contentHash == contentHash(of: Array(validSpec.utf8)))
        #expect(spec.contentHash.count == 64)
    }

    @Test func minimalSpecTakesDefaults() throws {
        let spec = try loader.load(text: header + "params: { search_rank: 2 }\n", path: "m.yaml")
        #expect(spec.sweep == Sweep())
        #expect(spec.sweep.pointCount == 1)
        #expect(spec.replicates == 1)
        #expect(spec.record == RecordPolicy(every: 1))
        #expect(spec.claims.isEmpty)
        #expect(spec.notes == nil)
    }

    @Test func scalarTypesFollowYAMLResolution() throws {
        // An integer for a real parameter widens; 1.0e-15 and 1e-3 are reals; a quoted choice is a string.
        let spec = try loader.load(text: header + """
        params:
          search_rank: 2
          init_scale: 1.0e-15
          step: 1
          parameterization: "asymmetric"
        sweep:
          iterations: 7
          measurements: [1e3, 10]

        """, path: "s.yaml")
        #expect(spec.params["init_scale"] == .double(1e-15))
        #expect(spec.params["step"] == .double(1))
        #expect(spec.params["parameterization"] == .string("asymmetric"))
        #expect(spec.sweep.axes == [SweepAxis(name: "iterations", values: [.int(7)]),
                                    SweepAxis(name: "measurements", values: [.int(1000), .int(10)])])
    }

    @Test func realsParameterInParamsAndSweep() throws {
        let fixed = try loader.load(text: header + "params: { search_rank: 2, spectrum: [1, 0.5] }\n", path: "r.yaml")
        #expect(fixed.params["spectrum"] == .reals([1, 0.5]))
        let swept = try loader.load(text: header + """
        params: { search_rank: 2 }
        sweep:
          spectrum: [[1.0, 0.5], [1.0, 0.25, 0.125]]

        """, path: "r.yaml")
        #expect(swept.sweep.axes == [SweepAxis(name: "spectrum", values: [.reals([1, 0.5]), .reals([1, 0.25, 0.125])])])
        let flat = try #require(loadError(header + "params: { search_rank: 2 }\nsweep:\n  spectrum: [1.0, 0.5]\n"))
        #expect(flat.description == "x.yaml:7:13: sweep.spectrum: a list of reals is swept as a list of lists, "
                + "e.g. [[1.0, 0.5], [1.0, 0.25]]; a single list belongs in params")
    }

    @Test func loadsFromFileWithHashOfBytes() throws {
        let path = try temporaryFile(Array(validSpec.utf8))
        let spec = try loader.load(path: path)
        #expect(spec.path == path)
        #expect(spec.contentHash == contentHash(of: Array(validSpec.utf8)))
        #expect(spec.sweep.pointCount == 6)
    }

    @Test func contentHashIsSHA256() {
        // Reference digests from Python's hashlib.
        #expect(contentHash(of: []) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(contentHash(of: Array("a".utf8)) == "ca978112ca1bbdcafac231b39a23dc4da786eff8147c4e72b9807785afee48bb")
    }

    @Test func largeSweepNeedsAllowLarge() throws {
        let text = header + """
        params: { search_rank: 1 }
        sweep:
          n: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]
          rank: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]
          measurements: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]
          iterations: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]
        replicates: 11

        """
        let error = try #require(loadError(text))
        #expect(error.description == "x.yaml:6:1: sweep: 10000 points × 11 replicates = 110000 runs, "
                + "above the limit of 100000; pass --allow-large to run it anyway")
        let spec = try SpecLoader(registry: ModelRegistry([FakeSensing.self]), allowLarge: true).load(text: text, path: "x.yaml")
        #expect(spec.runCount == 110_000)
    }

    @Test func nullOptionalSectionsAreAbsent() throws {
        let spec = try loader.load(text: header + "params: { search_rank: 1 }\nsweep:\nclaims:\nnotes:\n", path: "n.yaml")
        #expect(spec.sweep == Sweep())
        #expect(spec.claims.isEmpty)
        #expect(spec.notes == nil)
    }
}
