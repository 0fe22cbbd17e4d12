import ExperimentKit
import Foundation
import NumericsCore
@testable import SinkhornNewton

/// A point-cloud problem of n × n' points drawn with `seed`.
func pointCloud(_ n: Int, _ m: Int, seed: UInt64, layout: PointLayout = .uniform, cost: GroundCost = .w2,
                marginals: MarginalKind = .random) -> TransportProblem {
    var g = Xoshiro256StarStar(seed: seed)
    let shape = InstanceShape(sourceCount: n, targetCount: m, layout: layout, components: 3, groundCost: cost,
                              marginals: marginals)
    return InstanceFamily.pointCloud.draw(shape, using: &g) ?? TransportProblem(cost: Matrix(rows: 0, columns: 0), source: [], target: [])
}

/// The model resolved from `overrides` on top of the schema's defaults.
func model(_ overrides: [String: ParameterValue]) throws -> SinkhornNewton {
    try SinkhornNewton(parameters: SinkhornNewton.schema.resolve(ParameterSet(overrides)))
}

/// max |a − b| / max(|b|, floor) over two equal-length vectors.
func relativeDistance(_ a: [Double], _ b: [Double], floor: Double = 1e-300) -> Double {
    precondition(a.count == b.count)
    var worst = 0.0
    for k in a.indices { worst = max(worst, abs(a[k] - b[k]) / max(abs(b[k]), floor)) }
    return worst
}

/// (x − x₀, y + x₀): the potentials with the null direction (1, −1) fixed by x₀ = 0.
func pinned(_ x: [Double], _ y: [Double]) -> [Double] {
    x.map { $0 - x[0] } + y.map { $0 + x[0] }
}
