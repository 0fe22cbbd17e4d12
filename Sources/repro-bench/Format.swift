import Foundation

/// Number formats of results.md.
enum Format {
    /// Seconds in s, ms or µs with three significant digits.
    static func seconds(_ s: Double) -> String {
        guard s.isFinite else { return "n/a" }
        if abs(s) >= 1 { return String(format: "%.3g s", s) }
        if abs(s) >= 1e-3 { return String(format: "%.3g ms", s * 1e3) }
        return String(format: "%.3g µs", s * 1e6)
    }

    /// Bytes in MB (10⁶).
    static func bytes(_ b: Int) -> String {
        String(format: "%.1f MB", Double(b) / 1e6)
    }

    /// GB/s.
    static func rate(_ gigabytesPerSecond: Double) -> String {
        String(format: "%.1f GB/s", gigabytesPerSecond)
    }

    /// "3.21×".
    static func ratio(_ r: Double) -> String {
        r.isFinite ? String(format: "%.2f×", r) : "n/a"
    }

    /// A fraction as a percentage.
    static func percent(_ f: Double) -> String {
        f.isFinite ? String(format: "%.0f%%", 100 * f) : "n/a"
    }

    /// A count that may be fractional (allocations per iteration).
    static func count(_ c: Double) -> String {
        c == c.rounded() ? String(Int(c)) : String(format: "%.2f", c)
    }
}
