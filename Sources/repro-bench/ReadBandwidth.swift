import Foundation
import NumericsCore

/// This machine's read bandwidth at one working-set size: the faster of two read kernels over
/// buffers of `bytes` bytes, a plain sum (four 4-wide vector accumulators, as the compiler
/// vectorizes it) and OpenBLAS's tuned `ddot(x, x)` (one read of x), best of several passes
/// after one warm-up pass. The floor of a workload is only as strict as the fastest reader
/// measured, so the tuned kernel keeps it from being lenient.
struct ReadBandwidth: Codable, Sendable {
    /// Buffer size, bytes.
    var bytes: Int
    /// Best bytes / seconds over the passes, GB/s (10⁹ bytes per second).
    var gigabytesPerSecond: Double
    /// Passes timed.
    var passes: Int

    /// Measures over a fresh buffer of `bytes` bytes (rounded down to 128-byte blocks).
    static func measure(bytes: Int, passes: Int) -> ReadBandwidth {
        let count = max(16, bytes / 128 * 16)
        let buffer = UnsafeMutableRawPointer.allocate(byteCount: count * 8, alignment: 64)
        defer { buffer.deallocate() }
        buffer.initializeMemory(as: Double.self, repeating: 1, count: count)
        var best = Double.infinity
        var sink = 0.0, dotSink = 0.0
        let vector = [Double](repeating: 1, count: count)
        for pass in 0...passes {
            let (seconds, sum) = Stopwatch.time { sumOf(UnsafeRawPointer(buffer), count: count) }
            let (dotSeconds, dot) = Stopwatch.time { BLAS.dot(vector, vector) }
            sink += sum
            dotSink += dot
            if pass > 0 { best = min(best, seconds, dotSeconds) }
        }
        // The sums are used, so the reads cannot be dropped: every element is 1.
        let expected = Double(count) * Double(passes + 1)
        let valid = sink == expected && dotSink == expected
        return ReadBandwidth(bytes: count * 8, gigabytesPerSecond: valid ? Double(count * 8) / best / 1e9 : .nan,
                             passes: passes)
    }

    /// The bandwidth over a buffer of one pass's `bytes` (3 to 20 passes, about 2 GB read in
    /// all) and the floor of that pass, bytes / bandwidth, in seconds.
    static func floor(bytesPerPass bytes: Int) -> (bandwidth: ReadBandwidth, seconds: Double) {
        let bandwidth = measure(bytes: bytes, passes: max(3, min(20, 2_000_000_000 / bytes)))
        return (bandwidth, Double(bytes) / (bandwidth.gigabytesPerSecond * 1e9))
    }

    /// Σ of `count` doubles (count a multiple of 16) at a 64-byte-aligned `base`.
    static func sumOf(_ base: UnsafeRawPointer, count: Int) -> Double {
        var s0 = SIMD4<Double>(), s1 = SIMD4<Double>(), s2 = SIMD4<Double>(), s3 = SIMD4<Double>()
        var offset = 0
        let end = count * 8
        while offset < end {
            s0 += base.load(fromByteOffset: offset, as: SIMD4<Double>.self)
            s1 += base.load(fromByteOffset: offset + 32, as: SIMD4<Double>.self)
            s2 += base.load(fromByteOffset: offset + 64, as: SIMD4<Double>.self)
            s3 += base.load(fromByteOffset: offset + 96, as: SIMD4<Double>.self)
            offset += 128
        }
        return ((s0 + s1) + (s2 + s3)).sum()
    }
}
