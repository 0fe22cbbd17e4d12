import Foundation

/// The measurement operator of a sensing workload (m matrices of side n) and the bytes one
/// pass over it reads, stored in full (n²·m·8) or packed symmetric (n(n+1)/2·m·8).
struct OperatorBytes: Codable, Sendable {
    /// How the operator is stored.
    enum Layout: String, Codable, Sendable {
        case full
        case packed = "packed symmetric"
    }

    /// n, side of each Aᵢ.
    var side: Int
    /// m, number of measurements.
    var measurements: Int
    /// The layout the bytes refer to.
    var layout: Layout
    /// How the layout was decided (measured allocation, or an assumption).
    var evidence: String

    /// n²·m·8.
    var fullBytes: Int { side * side * measurements * 8 }
    /// n(n+1)/2·m·8.
    var packedBytes: Int { side * (side + 1) / 2 * measurements * 8 }
    /// Bytes of one pass over the operator as stored.
    var bytesPerPass: Int { layout == .full ? fullBytes : packedBytes }

    /// The layout whose size is nearest to `allocatedBytes`, the bytes a run with this
    /// operator allocated (operator plus O(n² + m) work buffers); `full` when unknown, and
    /// when both layouts are stored (about 1.5 × n²·m·8).
    static func detect(side: Int, measurements: Int, allocatedBytes: Int?) -> OperatorBytes {
        var result = OperatorBytes(side: side, measurements: measurements, layout: .full,
                                   evidence: "assumed full: allocation not measured")
        guard let allocatedBytes, allocatedBytes > 0 else { return result }
        let ratio = Double(allocatedBytes) / Double(result.fullBytes)
        result.layout = ratio < 0.75 ? .packed : .full
        result.evidence = "a run allocated \(allocatedBytes) bytes = "
            + String(format: "%.3f", ratio) + " × n²·m·8"
            + (ratio > 1.3 ? " (both layouts stored: the floor assumes a pass over the full one)" : "")
        return result
    }
}
