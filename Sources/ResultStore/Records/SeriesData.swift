/// A per-iteration series of one run (e.g. the error at every 10th iteration).
/// Stored as one row of table `series`: steps and values packed.
public struct SeriesData: Sendable, Equatable {
    /// Series name (e.g. `error`).
    public var name: String
    /// Iteration numbers, one per point, distinct.
    public var steps: [Int]
    /// Values, one per step; NaN and ±infinity are stored exactly.
    public var values: [Double]

    /// Creates a series; `steps` and `values` must have the same length.
    public init(name: String, steps: [Int], values: [Double]) {
        self.name = name
        self.steps = steps
        self.values = values
    }

    /// Equality that treats NaN values as equal to each other, as stored series do.
    public static func == (lhs: SeriesData, rhs: SeriesData) -> Bool {
        lhs.name == rhs.name && lhs.steps == rhs.steps && lhs.values.count == rhs.values.count
            && zip(lhs.values, rhs.values).allSatisfy { $0 == $1 || ($0.isNaN && $1.isNaN) }
    }
}
