import Foundation
import NumericsCore
import Sensing

/// How Ω is drawn.
public enum Sampling: String, Sendable, CaseIterable {
    /// Each entry independently with probability q = |Ω|/(mn) (JNS13's model).
    case bernoulli
    /// Exactly |Ω| entries, uniformly without replacement.
    case fixed
}

/// The planted family: M* = U·diag(σ)·Vᵀ (`PlantedFactors`, σ from 1 down to 1/κ), Ω of
/// expected size c·N·k·ln N with N = max(m, n) (c the oversampling), and each observed entry
/// M*_ij plus, when ν > 0, Gaussian noise of standard deviation ν·‖M*‖_F/√(mn) (ν times the
/// root-mean-square entry). Drawn from the instance seed in this order: U, V, Ω, the noise.
public struct PlantedCompletion: Sendable {
    /// m, n.
    public var rows: Int, columns: Int
    /// k.
    public var rank: Int
    /// κ.
    public var conditionNumber: Double
    /// c.
    public var oversampling: Double
    public var sampling: Sampling
    /// ν.
    public var noise: Double

    /// Creates a shape.
    public init(rows: Int, columns: Int, rank: Int, conditionNumber: Double, oversampling: Double, sampling: Sampling,
                noise: Double) {
        self.rows = rows
        self.columns = columns
        self.rank = rank
        self.conditionNumber = conditionNumber
        self.oversampling = oversampling
        self.sampling = sampling
        self.noise = noise
    }

    /// c·N·k·ln N, N = max(m, n): the expected |Ω|.
    public var expectedSamples: Double {
        let big = Double(max(rows, columns))
        return oversampling * big * Double(rank) * log(max(big, 2))
    }

    /// The problem drawn from `generator`.
    public func draw(using generator: inout Xoshiro256StarStar) throws -> CompletionProblem {
        let factors = try PlantedFactors(rows: rows, columns: columns,
                                         spectrum: PlantedFactors.geometricSpectrum(rank: rank, conditionNumber: conditionNumber),
                                         using: &generator)
        let positions = samplePositions(using: &generator)
        let k = rank, m = rows
        // Row i of U·diag(σ) and row j of V, each contiguous.
        var left = Matrix(rows: k, columns: m), right = Matrix(rows: k, columns: columns)
        for l in 0..<k {
            for i in 0..<m { left[l, i] = factors.left[i, l] * factors.spectrum[l] }
            for j in 0..<columns { right[l, j] = factors.right[j, l] }
        }
        var starts = [Int](repeating: 0, count: columns + 1)
        var indices = [Int32](repeating: 0, count: positions.count)
        var values = [Double](repeating: 0, count: positions.count)
        let noiseScale = noise * factors.frobeniusNorm / (Double(m) * Double(columns)).squareRoot()
        left.elements.withUnsafeBufferPointer { u in
            right.elements.withUnsafeBufferPointer { v in
                for (e, position) in positions.enumerated() {
                    let i = position % m, j = position / m
                    starts[j + 1] += 1
                    indices[e] = Int32(truncatingIfNeeded: i)
                    var value = 0.0
                    for l in 0..<k { value += u[l + i * k] * v[l + j * k] }
                    values[e] = value
                }
            }
        }
        if noise > 0 { for e in values.indices { values[e] += noiseScale * generator.nextNormal() } }
        for j in 0..<columns { starts[j + 1] += starts[j] }
        let byColumn = CompressedEntries(outerCount: columns, innerCount: m, starts: starts, indices: indices, values: values)
        return CompletionProblem(observed: ObservedEntries(byColumn: byColumn), rank: k, truth: .planted(factors))
    }

    /// The positions i + j·m of Ω, increasing (column by column, rows increasing).
    func samplePositions(using generator: inout Xoshiro256StarStar) -> [Int] {
        let total = rows * columns
        let target = min(Double(total), expectedSamples)
        switch sampling {
        case .bernoulli:
            // Gaps between successive positions are geometric: O(|Ω|) draws.
            let q = target / Double(total)
            var positions: [Int] = []
            positions.reserveCapacity(Int(target * 1.01) + 16)
            if q >= 1 { return Array(0..<total) }
            let logMiss = log1p(-q)
            var position = -1
            while true {
                let gap = Int(log(1 - generator.nextUniform()) / logMiss)
                position += gap + 1
                if position >= total || position < 0 { break }
                positions.append(position)
            }
            return positions
        case .fixed:
            // Floyd's algorithm: |Ω| distinct positions in |Ω| draws.
            let count = Int(target.rounded())
            var chosen = Set<Int>(minimumCapacity: count)
            for top in (total - count)..<total {
                let t = Int(generator.next(upperBound: UInt64(top + 1)))
                chosen.insert(chosen.contains(t) ? top : t)
            }
            return chosen.sorted()
        }
    }
}
