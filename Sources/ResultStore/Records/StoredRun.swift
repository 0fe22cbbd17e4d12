/// A stored run with its scalar metrics.
public struct StoredRun: Sendable, Equatable {
    /// The run.
    public var record: RunRecord
    /// Scalar metrics by name (e.g. `final_error`); NaN and ±infinity are stored exactly
    /// (+infinity means, e.g., "threshold never reached").
    public var metrics: [String: Double]

    /// Creates a stored run.
    public init(record: RunRecord, metrics: [String: Double]) {
        self.record = record
        self.metrics = metrics
    }

    /// Equality that treats NaN metric values as equal to each other, as stored runs do.
    public static func == (lhs: StoredRun, rhs: StoredRun) -> Bool {
        lhs.record == rhs.record && lhs.metrics.count == rhs.metrics.count
            && lhs.metrics.allSatisfy { name, value in
                guard let other = rhs.metrics[name] else { return false }
                return value == other || (value.isNaN && other.isNaN)
            }
    }
}
