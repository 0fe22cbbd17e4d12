import ExperimentKit
import Foundation
import Analysis
import Runner
@testable import repro
import Specs
import Testing

/// Properties of the loader on valid input: the hardening refuses nothing a researcher may write.
@Suite("Loader properties on valid input")
struct PropertyTests {
    let loader = SpecLoader(registry: Models.registry)

    /// A value of `kind` drawn with `rng`, within its range (and within a few thousand of its
    /// lower end, so that iteration budgets stay plannable).
    func draw(_ kind: ParameterKind, _ rng: inout SplitMix) -> String? {
        switch kind {
        case let .integer(lo, hi):
            let low = lo ?? 0, high = min(hi ?? low + 5000, low + 5000)
            return String(low + Int(rng.next() % UInt64(high - low + 1)))
        case let .real(lo, hi, _, _):
            let low = lo ?? -1e3, high = hi ?? (low + 1e3)
            let u = Double(rng.next() >> 11) / Double(1 << 53)
            let value = low + (high - low) * (0.001 + 0.998 * u)
            return "\(value)"
        case .flag:
            return rng.next() % 2 == 0 ? "true" : "false"
        case .choice, .reals, .text, .matrixFile:
            return nil
        }
    }

    /// Numbers and flags are free values; a choice may require other parameters to match
    /// (e.g. a task that needs one matrix family), and lists and texts are not drawn.
    func drawable(_ kind: ParameterKind) -> Bool {
        switch kind {
        case .integer, .real, .flag: return true
        case .choice, .reals, .text, .matrixFile: return false
        }
    }

    @Test("every experiment spec loads and plans with any in-range value of an algorithm parameter")
    func inRangeAlgorithmParametersLoad() throws {
        let seeds = SpecFuzzer.defaultSeeds()
        var rng = SplitMix(42)
        var loaded = 0
        for _ in 0..<150 {
            let text = seeds.randomElement(&rng)
            let base = try loader.load(text: text, path: "seed.yaml")
            let schema = try #require(Models.registry.schema(of: base.model))
            let algorithm = schema.parameters.filter { !$0.definesInstance && $0.name != "search_rank" }
            let free = algorithm.filter { base.sweep.axis(named: $0.name) == nil && drawable($0.kind) }
            let parameter = free.randomElement(&rng)
            guard let value = draw(parameter.kind, &rng) else { continue }
            let replicates = 1 + Int(rng.next() % 5)
            let spec: Spec
            do {
                spec = try loader.load(text: text, path: "seed.yaml",
                                       overrides: [Override(key: parameter.name, rawValues: [value])], replicates: replicates)
            } catch {
                Issue.record("\(parameter.name) = \(value) was refused: \(error)")
                continue
            }
            let points = try spec.plan(schema: schema)
            #expect(points.count == spec.runCount && spec.replicates == replicates)
            #expect(points.allSatisfy { $0.parameters[parameter.name] != nil })
            loaded += 1
        }
        #expect(loaded > 120)
    }

    @Test("anchors and aliases used the ordinary way load, and an alias reads as its anchor")
    func ordinaryAliasesLoad() throws {
        let text = """
            id: aliases
            title: "claims that share a filter: *shared"
            paper: xiong2023
            model: matrix-sensing
            params: { n: 6, rank: 1, measurements: 80, iterations: &budget 50 }
            sweep:
              search_rank: [1, 2]
            claims:
              - id: a
                text: one
                where: &exact { search_rank: 1 }
                metric: final_error
                expect: &small { below: 1.0 }
                source: &ours { calibration: "a test threshold" }
              - id: b
                text: two
                where: *exact
                metric: iterations_run
                expect: { below: *budget }
                source: *ours

            """
        let spec = try loader.load(text: text, path: "aliases.yaml")
        #expect(spec.title == "claims that share a filter: *shared")
        #expect(spec.claims.count == 2)
        #expect(spec.claims[0].filter == spec.claims[1].filter)
        #expect(spec.claims[1].expect == .below(50))
        #expect(spec.claims[1].source == spec.claims[0].source && spec.claims[0].source?.calibration == "a test threshold")
    }
}
