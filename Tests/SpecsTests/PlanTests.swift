import ExperimentKit
import Testing
@testable import Specs

@Suite("Run points")
struct PlanTests {
    let spec: Spec
    let points: [RunPoint]

    init() throws {
        spec = try loader.load(text: validSpec, path: "fig1.yaml")
        points = try spec.plan(schema: FakeSensing.schema)
    }

    @Test func sizeIsProductTimesReplicates() {
        #expect(points.count == 3 * 2 * 3)
        #expect(spec.runCount == 18)
        #expect(points.map(\.replicate) == Array(repeating: [0, 1, 2], count: 6).flatMap { $0 })
    }

    @Test func zipAdvancesTogetherAndFirstAxisIsSlowest() {
        let combos = stride(from: 0, to: points.count, by: 3).map { points[$0].sweepValues }
        func point(_ k: Int, _ alpha: Double, _ eta: Double) -> ParameterSet {
            ParameterSet(["search_rank": .int(k), "init_scale": .double(alpha), "step": .double(eta)])
        }
        #expect(combos == [point(3, 0.5, 0.1), point(3, 0.2, 0.01), point(4, 0.5, 0.1),
                           point(4, 0.2, 0.01), point(5, 0.5, 0.1), point(5, 0.2, 0.01)])
        #expect(spec.sweep.combinations() == combos)
    }

    @Test func cartesianOrderWithTwoAxes() throws {
        let two = try loader.load(text: header + "params: { n: 9 }\nsweep:\n  search_rank: [1, 2]\n  iterations: [10, 20, 30]\n",
                                  path: "o.yaml")
        let order = try two.plan(schema: FakeSensing.schema).map {
            [$0.sweepValues["search_rank"], $0.sweepValues["iterations"]]
        }
        #expect(order == [[.int(1), .int(10)], [.int(1), .int(20)], [.int(1), .int(30)],
                          [.int(2), .int(10)], [.int(2), .int(20)], [.int(2), .int(30)]])
    }

    @Test func parametersAreResolvedWithDefaults() throws {
        let minimal = try loader.load(text: header + "params: { search_rank: 2 }\n", path: "m.yaml")
        let only = try #require(try minimal.plan(schema: FakeSensing.schema).first)
        #expect(only.parameters == ParameterSet([
            "n": .int(20), "rank": .int(2), "measurements": .int(200), "spectrum": .reals([]),
            "parameterization": .string("symmetric"), "search_rank": .int(2), "init_scale": .double(0.1),
            "step": .double(0.1), "iterations": .int(100),
        ]))
        #expect(only.sweepValues == ParameterSet())
        #expect(only.identity == RunIdentity(schema: FakeSensing.schema, parameters: only.parameters, replicate: 0))
    }

    @Test func instanceSeedsAreSharedAcrossAlgorithmParameters() {
        for replicate in 0..<3 {
            let ofReplicate = points.filter { $0.replicate == replicate }
            #expect(ofReplicate.count == 6)
            #expect(Set(ofReplicate.map(\.identity.seeds.instance)).count == 1)
            #expect(Set(ofReplicate.map(\.identity.seeds.algorithm)).count == 6)
        }
        #expect(Set(points.map(\.identity.seeds.instance)).count == 3)
    }

    @Test func instanceSeedsChangeWithInstanceParameters() throws {
        let swept = try loader.load(text: header + "params: { search_rank: 1 }\nsweep: { n: [5, 6] }\n", path: "n.yaml")
        let seeds = try swept.plan(schema: FakeSensing.schema).map(\.identity.seeds.instance)
        #expect(seeds.count == 2)
        #expect(seeds[0] != seeds[1])
    }

    @Test func runKeysAreDistinct() {
        #expect(Set(points.map(\.identity.key)).count == 18)
        #expect(points.allSatisfy { $0.identity.key.count == 64 })
    }

    @Test func planRejectsAnotherModel() {
        var other = FakeSensing.schema
        other.name = "robust-recovery"
        #expect(throws: SpecError(file: "fig1.yaml", line: 0, column: 0, keyPath: "model",
                                  message: "the spec's model is 'matrix-sensing', not 'robust-recovery'")) {
            try spec.plan(schema: other)
        }
    }
}
