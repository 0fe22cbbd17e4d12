import NumericsCore

/// A controlled error in each update, the robustness test of the paper's analysis: the exact
/// row x* of a factor is replaced by x* + δ·‖x* − x₀‖₂·g/‖g‖₂, where x₀ is the row before the
/// update (the warm start) and g a standard Gaussian direction. The error is relative to the
/// update's step, as that of a solver warm-started at x₀ and stopped at relative accuracy δ; it
/// vanishes at a fixed point, so a tolerated δ leaves the final accuracy unchanged.
struct UpdateError {
    /// δ.
    let relativeSize: Double
    private var generator: Xoshiro256StarStar
    private var start: [Double]
    private var direction: [Double]

    /// δ for rows of k entries, the directions drawn from `seed`.
    init(relativeSize: Double, rank k: Int, seed: UInt64) {
        self.relativeSize = relativeSize
        generator = Xoshiro256StarStar(seed: seed)
        start = [Double](repeating: 0, count: k)
        direction = start
    }

    /// Keeps x₀ (k entries) before the update.
    mutating func remember(_ x: UnsafePointer<Double>) {
        for l in start.indices { start[l] = x[l] }
    }

    /// x ← x + δ·‖x − x₀‖·g/‖g‖.
    mutating func perturb(_ x: UnsafeMutablePointer<Double>) {
        var step = 0.0, length = 0.0
        for l in start.indices {
            let d = x[l] - start[l]
            step += d * d
            direction[l] = generator.nextNormal()
            length += direction[l] * direction[l]
        }
        guard length > 0 else { return }
        let scale = relativeSize * step.squareRoot() / length.squareRoot()
        for l in start.indices { x[l] += scale * direction[l] }
    }
}
