import Foundation
import NumericsCore
import Testing
@testable import SinkhornNewton

/// The sparsified Hessian against the dense block matrix, and the selection of its entries.
@Suite struct SparsifiedHessianTests {
    /// A random positive n × m plan with entries spread over several orders of magnitude.
    func plan(_ n: Int, _ m: Int, seed: UInt64) -> [Double] {
        var g = Xoshiro256StarStar(seed: seed)
        return (0..<(n * m)).map { _ in exp(-8 * g.nextUniform()) / Double(n * m) }
    }

    func sums(_ p: [Double], _ n: Int, _ m: Int) -> (rows: [Double], columns: [Double]) {
        var rows = [Double](repeating: 0, count: n), columns = [Double](repeating: 0, count: m)
        for j in 0..<m { for i in 0..<n { rows[i] += p[i + j * n]; columns[j] += p[i + j * n] } }
        return (rows, columns)
    }

    /// [[diag(P1), Q], [Qᵀ, diag(Pᵀ1)]]·w in plain loops, for the off-diagonal block Q.
    func dense(_ q: [Double], _ s: (rows: [Double], columns: [Double]), _ w: [Double]) -> [Double] {
        let n = s.rows.count, m = s.columns.count
        var out = [Double](repeating: 0, count: n + m)
        for i in 0..<n {
            out[i] = s.rows[i] * w[i]
            for j in 0..<m { out[i] += q[i + j * n] * w[n + j] }
        }
        for j in 0..<m {
            out[n + j] = s.columns[j] * w[n + j]
            for i in 0..<n { out[n + j] += q[i + j * n] * w[i] }
        }
        return out
    }

    @Test func keepingEveryEntryGivesTheFullHessian() {
        let n = 9, m = 6
        let p = plan(n, m, seed: 1), s = sums(p, n, m)
        var hessian = SparsifiedHessian(sourceCount: n, targetCount: m, keptFraction: 1)
        var scratch = [Double](repeating: 0, count: n * m)
        hessian.sparsify(plan: p, rowSums: s.rows, columnSums: s.columns, scratch: &scratch)
        #expect(hessian.relativeError == 0)
        #expect(hessian.storedCount == n * m && hessian.keptCount == n * m)
        var g = Xoshiro256StarStar(seed: 2)
        let w = (0..<(n + m)).map { _ in g.nextNormal() }
        var product = [Double](repeating: 0, count: n + m)
        hessian.apply(w, into: &product)
        #expect(relativeDistance(product, dense(p, s, w)) < 1e-13)
    }

    @Test func aFractionKeepsTheLargestEntriesAndReportsTheDroppedMass() {
        let n = 12, m = 10, rho = 0.23
        let p = plan(n, m, seed: 3), s = sums(p, n, m)
        var hessian = SparsifiedHessian(sourceCount: n, targetCount: m, keptFraction: rho)
        var scratch = [Double](repeating: 0, count: n * m)
        hessian.sparsify(plan: p, rowSums: s.rows, columnSums: s.columns, scratch: &scratch)
        let kept = Int((rho * Double(n * m)).rounded(.up))
        #expect(hessian.storedCount == kept)
        // The kept set is the `kept` largest entries: P̃ = P on them, 0 elsewhere.
        let threshold = p.sorted(by: >)[kept - 1]
        let q = p.map { $0 >= threshold ? $0 : 0 }
        #expect(q.filter { $0 > 0 }.count == kept)
        var g = Xoshiro256StarStar(seed: 4)
        let w = (0..<(n + m)).map { _ in g.nextNormal() }
        var product = [Double](repeating: 0, count: n + m)
        hessian.apply(w, into: &product)
        #expect(relativeDistance(product, dense(q, s, w)) < 1e-13)
        // ‖H − H̃‖_F / ‖H‖_F from the dense blocks.
        let dropped = zip(p, q).reduce(0.0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) }
        let total = s.rows.reduce(0.0) { $0 + $1 * $1 } + s.columns.reduce(0.0) { $0 + $1 * $1 }
            + 2 * p.reduce(0.0) { $0 + $1 * $1 }
        #expect(abs(hessian.relativeError - (2 * dropped / total).squareRoot()) < 1e-14)
        #expect(hessian.relativeError > 1e-3)
    }

    /// The sampled path (k ≤ count/4 of a large set) and the full selection agree with sorting,
    /// with ties and with a block of zeros (underflowed plan entries).
    @Test(arguments: [1, 100, 1000, 4000, 9000, 16_000, 40_000])
    func sampledSelectionFindsTheKthLargestAndTheCountAbove(k: Int) {
        var g = Xoshiro256StarStar(seed: UInt64(k))
        let values = (0..<40_000).map { i in i % 5 == 0 ? 0 : Double(g.next() % 3000) * 1e-7 }
        var scratch = [Double](repeating: .nan, count: values.count)
        let (found, above) = values.withUnsafeBufferPointer { LargestEntries.kthLargest(k, of: $0, scratch: &scratch) }
        let sorted = values.sorted(by: >)
        #expect(found == sorted[k - 1])
        #expect(above == sorted.filter { $0 > found }.count)
    }

    @Test(arguments: [1, 2, 7, 50, 199, 200])
    func selectionFindsTheKthLargest(k: Int) {
        var g = Xoshiro256StarStar(seed: UInt64(k))
        // Many ties: 200 values from 13 levels.
        var values = (0..<200).map { _ in Double(g.next() % 13) }
        let expected = values.sorted(by: >)[k - 1]
        let found = values.withUnsafeMutableBufferPointer { LargestEntries.kthLargest(k, in: $0) }
        #expect(found == expected)
    }
}
