import ExperimentKit
import Testing
@testable import SinkhornNewton

/// `family: file`: the model receives the matrices as data and rejects bad ones with a
/// `ParameterError` naming the key, before any run.
@Suite struct FileInputTests {
    func input(_ rows: Int, _ columns: Int, _ entries: [Double], source: String) -> ParameterValue {
        .matrix(MatrixInput(rows: rows, columns: columns, entries: entries, contentHash: source, source: source))
    }

    /// A valid 3 × 2 problem, with `overrides` on top.
    func resolve(_ overrides: [String: ParameterValue]) throws(ParameterError) -> ParameterSet {
        var values: [String: ParameterValue] = [
            "family": .string("file"),
            "cost_file": input(3, 2, [0, 0.5, 1, 1, 0.5, 0], source: "cost.csv"),
            "source_file": input(3, 1, [0.2, 0.3, 0.5], source: "r.csv"),
            "target_file": input(1, 2, [0.6, 0.4], source: "c.csv"),
        ]
        for (k, v) in overrides { values[k] = v }
        return try SinkhornNewton.schema.resolve(ParameterSet(values))
    }

    /// The key of the error `overrides` raise, or nil when they resolve.
    func rejectedKey(_ overrides: [String: ParameterValue]) -> String? {
        do {
            _ = try resolve(overrides)
            return nil
        } catch {
            return error.key
        }
    }

    @Test func aValidProblemRunsOnTheGivenMatrices() throws {
        let model = try SinkhornNewton(parameters: resolve(["eta": .double(10)]))
        let problem = try #require(model.fileProblem)
        #expect(problem.source == [0.2, 0.3, 0.5] && problem.target == [0.6, 0.4])
        #expect(problem.cost[2, 0] == 1 && problem.cost[0, 1] == 1)
        let outcome = try model.run(seeds: RunSeeds(instance: 1, algorithm: 1), record: RecordPolicy())
        #expect(outcome.status == .ok && outcome.metrics["final_marginal_error"] ?? 1 < 1e-12)
    }

    @Test func eachBadInputNamesItsKey() {
        let nan = Double.nan
        #expect(rejectedKey(["source_file": input(3, 1, [0.2, -0.3, 1.1], source: "r.csv")]) == "source_file")
        #expect(rejectedKey(["source_file": input(3, 1, [0.2, nan, 0.5], source: "r.csv")]) == "source_file")
        #expect(rejectedKey(["source_file": input(3, 1, [0.5, 0, 0.5], source: "r.csv")]) == "source_file")
        #expect(rejectedKey(["target_file": input(2, 1, [0.6, .infinity], source: "c.csv")]) == "target_file")
        #expect(rejectedKey(["target_file": input(1, 2, [0.6, 0.5], source: "c.csv")]) == "target_file")
        #expect(rejectedKey(["source_file": input(2, 1, [0.5, 0.5], source: "r.csv")]) == "source_file")
        #expect(rejectedKey(["source_file": input(3, 2, [0.1, 0.1, 0.1, 0.2, 0.2, 0.3], source: "r.csv")]) == "source_file")
        #expect(rejectedKey(["target_file": input(3, 1, [0.3, 0.3, 0.4], source: "c.csv")]) == "target_file")
        #expect(rejectedKey(["cost_file": input(3, 2, [0, 0.5, nan, 1, 0.5, 0], source: "cost.csv")]) == "cost_file")
        #expect(rejectedKey(["cost_file": input(2, 2, [0, 1, 1, 0], source: "cost.csv")]) == "source_file")
        #expect(rejectedKey(["cost_file": .string("cost.npy")]) == "cost_file")  // left at its default: no file
        // Totals within the stated tolerance pass; beyond it they do not.
        #expect(rejectedKey(["target_file": input(1, 2, [0.6, 0.4 + 1e-11], source: "c.csv")]) == nil)
        #expect(rejectedKey(["target_file": input(1, 2, [0.6, 0.4 + 1e-8], source: "c.csv")]) == "target_file")
    }

    @Test func theMessagesAreOneLineAndSayWhatIsWrong() {
        do {
            _ = try resolve(["target_file": input(1, 2, [0.6, 0.5], source: "c.csv")])
            Issue.record("a mismatched total was accepted")
        } catch {
            #expect(error.description.hasPrefix("target_file: c.csv: total 1.1 differs from the source total 1.0"))
            #expect(!error.description.contains("\n"))
        }
        do {
            _ = try resolve(["source_file": input(2, 1, [0.5, 0.5], source: "r.csv")])
            Issue.record("a marginal of the wrong length was accepted")
        } catch {
            #expect(error.description == "source_file: r.csv: the marginal is 2×1; the cost has 3 rows, so it must be "
                + "3×1 or 1×3")
        }
    }

    @Test func theDrawnFamiliesDependOnlyOnInstanceParameters() throws {
        let sinkhorn = try model(["algorithm": .string("sinkhorn"), "eta": .double(10), "n": .int(20)])
        let sns = try model(["algorithm": .string("sns"), "eta": .double(500), "n": .int(20)])
        for family in ["point-cloud", "densities", "images"] {
            let a = try model(["family": .string(family), "n": .int(20), "algorithm": .string("sinkhorn")]).instance(seed: 4)
            let b = try model(["family": .string(family), "n": .int(20), "kept_fraction": .double(0.5)]).instance(seed: 4)
            #expect(a.cost == b.cost && a.source == b.source && a.target == b.target, "\(family)")
            #expect(abs(a.source.reduce(0, +) - 1) < 1e-14 && a.source.allSatisfy { $0 > 0 }, "\(family)")
            #expect(a.cost.elements.max() == 1, "\(family)")
        }
        #expect(try sinkhorn.instance(seed: 4).cost == sns.instance(seed: 4).cost)
        let names = SinkhornNewton.schema.instanceParameterNames
        #expect(!names.contains("algorithm") && !names.contains("eta") && names.contains("family") && names.contains("cost_file"))
        #expect(try model(["family": .string("images")]).instance(seed: 1).sourceCount == 784)
    }
}
