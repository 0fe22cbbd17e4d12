import ExperimentKit
import NumericsCore
import Sensing
import Testing
@testable import MatrixCompletion

/// The planted family: the sizes of Ω, the values of the observed entries, both orientations.
@Suite struct PlantedCompletionTests {
    @Test func bernoulliSamplingHasTheExpectedSize() throws {
        let shape = PlantedCompletion(rows: 300, columns: 200, rank: 4, conditionNumber: 1, oversampling: 2,
                                      sampling: .bernoulli, noise: 0)
        var sizes: [Double] = []
        for seed in 0..<20 as Range<UInt64> {
            var g = Xoshiro256StarStar(seed: seed)
            let positions = shape.samplePositions(using: &g)
            #expect(zip(positions, positions.dropFirst()).allSatisfy { $0 < $1 })
            sizes.append(Double(positions.count))
        }
        // |Ω| ~ Binomial(mn, q): the mean of 20 draws is within 4 standard errors of c·N·k·ln N.
        let expected = shape.expectedSamples, q = expected / 60_000
        let standardError = (60_000 * q * (1 - q) / 20).squareRoot()
        #expect(abs(Statistics.mean(sizes) - expected) < 4 * standardError)
    }

    @Test func fixedSamplingHasExactlyTheSizeAndNoRepeats() {
        let shape = PlantedCompletion(rows: 50, columns: 40, rank: 2, conditionNumber: 1, oversampling: 5,
                                      sampling: .fixed, noise: 0)
        var g = Xoshiro256StarStar(seed: 3)
        let positions = shape.samplePositions(using: &g)
        #expect(positions.count == Int(shape.expectedSamples.rounded()))
        #expect(Set(positions).count == positions.count && positions.allSatisfy { $0 >= 0 && $0 < 2000 })
    }

    @Test func observedValuesAreEntriesOfTheTruthAndBothOrientationsAgree() throws {
        var g = Xoshiro256StarStar(seed: 12)
        let problem = try PlantedCompletion(rows: 40, columns: 30, rank: 3, conditionNumber: 10, oversampling: 3,
                                            sampling: .bernoulli, noise: 0).draw(using: &g)
        guard case .planted(let f) = problem.truth else { Issue.record("no planted truth"); return }
        #expect(abs(f.spectrum[0] / f.spectrum[2] - 10) < 1e-12)
        let truth = denseTruth(f)
        let byColumn = triplets(problem.observed)
        #expect(byColumn.allSatisfy { abs($0.value - truth[$0.i, $0.j]) < 1e-14 })
        var byRow: [(Int, Int, Double)] = []
        let r = problem.observed.byRow
        for i in 0..<r.outerCount {
            for e in r.starts[i]..<r.starts[i + 1] { byRow.append((i, Int(r.indices[e]), r.values[e])) }
        }
        let sortedColumns = byColumn.map { ($0.i, $0.j, $0.value) }.sorted { ($0.0, $0.1) < ($1.0, $1.1) }
        #expect(byRow.count == sortedColumns.count)
        #expect(zip(byRow, sortedColumns).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 && $0.2 == $1.2 })
    }

    @Test func theInstanceDependsOnlyOnTheInstanceSeed() throws {
        let exact = try MatrixCompletion(parameters: resolve(["m": .int(40), "n": .int(30), "rank": .int(2)]))
        let cg = try MatrixCompletion(parameters: resolve(["m": .int(40), "n": .int(30), "rank": .int(2),
                                                           "solver": .string("cg")]))
        let a = try triplets(exact.instance(seed: 5).observed), b = try triplets(cg.instance(seed: 5).observed)
        #expect(a.count == b.count && zip(a, b).allSatisfy { $0.i == $1.i && $0.j == $1.j && $0.value == $1.value })
        let c = try triplets(exact.instance(seed: 6).observed)
        #expect(c.count != a.count || zip(a, c).contains { $0.value != $1.value })
    }
}
