import Foundation
import NumericsCore

/// The instance families (`family:`). Every drawn family's cost is scaled so that max C = 1,
/// so that η means the same across families; a file's cost is used as given.
public enum InstanceFamily: String, Sendable, CaseIterable {
    /// n points against n' points in [0, 1]², uniform or from a Gaussian mixture; cost
    /// ‖p − q‖² (w2) or ‖p − q‖ (w1); uniform or random marginals.
    case pointCloud = "point-cloud"
    /// Two 1-D Gaussian mixtures on the grid of n points of [0, 1]; cost |x − y| (w1) or
    /// |x − y|² (w2).
    case densities
    /// Two 28×28 images, each a sum of Gaussian blobs, pixels as support points, ℓ1 cost between
    /// pixel coordinates (n = n' = 784).
    case images
    /// Cost and marginals read from `cost_file`, `source_file` and `target_file`.
    case file
}

/// The ground cost of the point-cloud and densities families.
public enum GroundCost: String, Sendable, CaseIterable {
    /// ‖p − q‖: the W1 cost.
    case w1
    /// ‖p − q‖²: the W2 cost.
    case w2
}

/// The point layout of the point-cloud family.
public enum PointLayout: String, Sendable, CaseIterable {
    /// Uniform on [0, 1]².
    case uniform
    /// A mixture of `components` Gaussians, centers uniform on [0, 1]², standard deviation 0.08.
    case mixture
}

/// The marginals of the point-cloud family.
public enum MarginalKind: String, Sendable, CaseIterable {
    /// rᵢ = 1/n, c_j = 1/n'.
    case uniform
    /// rᵢ ∝ 0.5 + Uᵢ with Uᵢ uniform on [0, 1) (ratios below 3), likewise c.
    case random
}

/// The parameters of a drawn instance.
public struct InstanceShape: Sendable {
    /// n, source points (point-cloud, densities).
    public var sourceCount: Int
    /// n', target points (point-cloud).
    public var targetCount: Int
    /// The point layout (point-cloud).
    public var layout: PointLayout
    /// Gaussians per mixture (point-cloud mixture, densities) or blobs per image (images).
    public var components: Int
    /// The ground cost (point-cloud, densities).
    public var groundCost: GroundCost
    /// The marginals (point-cloud).
    public var marginals: MarginalKind

    /// Creates a shape.
    public init(sourceCount: Int, targetCount: Int, layout: PointLayout, components: Int, groundCost: GroundCost,
                marginals: MarginalKind) {
        self.sourceCount = sourceCount
        self.targetCount = targetCount
        self.layout = layout
        self.components = components
        self.groundCost = groundCost
        self.marginals = marginals
    }
}

extension InstanceFamily {
    /// Side of the images family's square images.
    static let imageSide = 28
    /// Each pixel of an image gets this fraction of the image's largest pixel added before the
    /// image is normalized, so every marginal entry is positive (chosen by us).
    static let imageFloor = 1e-6
    /// Standard deviation of a point-cloud mixture component (chosen by us).
    static let mixtureWidth = 0.08

    /// Draws the instance of a drawn family from `g` (the instance seed's generator); nil for
    /// `.file`, whose instance is read, not drawn.
    public func draw(_ shape: InstanceShape, using g: inout Xoshiro256StarStar) -> TransportProblem? {
        switch self {
        case .file:
            return nil
        case .pointCloud:
            let sourcePoints = Self.points(shape.sourceCount, shape, using: &g)
            let targetPoints = Self.points(shape.targetCount, shape, using: &g)
            let cost = Self.cost(shape.sourceCount, shape.targetCount) { i, j in
                let dx = sourcePoints[2 * i] - targetPoints[2 * j], dy = sourcePoints[2 * i + 1] - targetPoints[2 * j + 1]
                let squared = dx * dx + dy * dy
                return shape.groundCost == .w2 ? squared : squared.squareRoot()
            }
            return TransportProblem(cost: cost, source: Self.weights(shape.sourceCount, shape.marginals, using: &g),
                                    target: Self.weights(shape.targetCount, shape.marginals, using: &g))
        case .densities:
            let n = shape.sourceCount
            let grid = (0..<n).map { Double($0) / Double(max(n - 1, 1)) }
            let source = Self.mixtureDensity(on: grid, components: shape.components, using: &g)
            let target = Self.mixtureDensity(on: grid, components: shape.components, using: &g)
            let cost = Self.cost(n, n) { i, j in
                let d = abs(grid[i] - grid[j])
                return shape.groundCost == .w2 ? d * d : d
            }
            return TransportProblem(cost: cost, source: source, target: target)
        case .images:
            let side = Self.imageSide
            let source = Self.blobImage(blobs: shape.components, using: &g)
            let target = Self.blobImage(blobs: shape.components, using: &g)
            let cost = Self.cost(side * side, side * side) { i, j in
                Double(abs(i % side - j % side) + abs(i / side - j / side))
            }
            return TransportProblem(cost: cost, source: source, target: target)
        }
    }

    /// The n × n' matrix of `entry(i, j)` divided by its largest entry (max C = 1).
    static func cost(_ n: Int, _ m: Int, _ entry: (Int, Int) -> Double) -> Matrix {
        var c = Matrix(rows: n, columns: m)
        var largest = 0.0
        for j in 0..<m {
            for i in 0..<n {
                let value = entry(i, j)
                c.elements[i + j * n] = value
                largest = max(largest, value)
            }
        }
        if largest > 0 {
            for k in c.elements.indices { c.elements[k] /= largest }
        }
        return c
    }

    /// `count` points of [0, 1]² (x, y interleaved), uniform or from a mixture of
    /// `shape.components` Gaussians with uniform centers and equal weights.
    static func points(_ count: Int, _ shape: InstanceShape, using g: inout Xoshiro256StarStar) -> [Double] {
        var out = [Double](repeating: 0, count: 2 * count)
        switch shape.layout {
        case .uniform:
            for k in out.indices { out[k] = g.nextUniform() }
        case .mixture:
            let centers = (0..<(2 * shape.components)).map { _ in g.nextUniform() }
            for i in 0..<count {
                let k = Int(g.next() % UInt64(shape.components))
                out[2 * i] = centers[2 * k] + mixtureWidth * g.nextNormal()
                out[2 * i + 1] = centers[2 * k + 1] + mixtureWidth * g.nextNormal()
            }
        }
        return out
    }

    /// Marginal weights before normalization: all 1, or 0.5 + Uᵢ.
    static func weights(_ count: Int, _ kind: MarginalKind, using g: inout Xoshiro256StarStar) -> [Double] {
        switch kind {
        case .uniform: return [Double](repeating: 1, count: count)
        case .random: return (0..<count).map { _ in 0.5 + g.nextUniform() }
        }
    }

    /// The density Σₖ wₖ·exp(−(x − μₖ)²/(2σₖ²))/σₖ at each grid point, with μₖ uniform on
    /// [0.1, 0.9], σₖ uniform on [0.05, 0.15] and wₖ uniform on [0.5, 1.5] (chosen by us). Every
    /// value is positive: the farthest grid point is at most 18σₖ from μₖ.
    static func mixtureDensity(on grid: [Double], components: Int, using g: inout Xoshiro256StarStar) -> [Double] {
        var density = [Double](repeating: 0, count: grid.count)
        for _ in 0..<components {
            let center = 0.1 + 0.8 * g.nextUniform(), width = 0.05 + 0.1 * g.nextUniform(), weight = 0.5 + g.nextUniform()
            for (k, x) in grid.enumerated() {
                let z = (x - center) / width
                density[k] += weight * exp(-0.5 * z * z) / width
            }
        }
        return density
    }

    /// A 28×28 image (pixel (row, column) at `row + 28·column`) that sums `blobs` Gaussian blobs
    /// with centers uniform on [4, 24]², widths uniform on [1.5, 4] pixels and weights uniform
    /// on [0.5, 1.5] (chosen by us), plus `imageFloor` times its largest pixel.
    static func blobImage(blobs: Int, using g: inout Xoshiro256StarStar) -> [Double] {
        let side = imageSide
        var image = [Double](repeating: 0, count: side * side)
        for _ in 0..<blobs {
            let row = 4 + 20 * g.nextUniform(), column = 4 + 20 * g.nextUniform()
            let width = 1.5 + 2.5 * g.nextUniform(), weight = 0.5 + g.nextUniform()
            for k in image.indices {
                let dr = Double(k % side) - row, dc = Double(k / side) - column
                image[k] += weight * exp(-(dr * dr + dc * dc) / (2 * width * width))
            }
        }
        let floor = imageFloor * (image.max() ?? 0)
        return image.map { $0 + floor }
    }
}
