/// The k-th largest of a set of numbers by selection (Hoare's quickselect with a median-of-three
/// pivot): O(count) expected, no allocation.
enum LargestEntries {
    /// Entries of the strided sample that bounds the k-th largest from below.
    static let sampleSize = 4096

    /// The k-th largest entry θ of `values` (k = 1 is the largest) and the number of entries
    /// above θ, with `scratch` (at least `values.count` entries) as work space. When k is at
    /// most a quarter of a large set, a strided sample of `sampleSize` entries gives a lower
    /// bound L on θ (its ⌈1.25·s + 4√s + 8⌉-th largest, s = k·sampleSize/count the sample's
    /// expected count above θ); one pass then gathers the entries ≥ L, and θ is selected among
    /// them. Only when fewer than k entries are ≥ L (a sample unlike the whole) are all entries
    /// copied and selected. The result is exact either way. k is clamped to 1...values.count; a
    /// scratch shorter than `values` is replaced by one as long (the only allocation). Expects
    /// no NaN; an empty set gives (−∞, 0).
    static func kthLargest(_ k: Int, of values: UnsafeBufferPointer<Double>,
                           scratch storage: inout [Double]) -> (value: Double, above: Int) {
        let count = values.count
        guard count > 0 else { return (-.infinity, 0) }
        let k = min(max(k, 1), count)
        if storage.count < count { storage = [Double](repeating: 0, count: count) }
        return storage.withUnsafeMutableBufferPointer { scratch in
            select(k, of: values, scratch: scratch)
        }
    }

    /// `kthLargest(_:of:scratch:)` on a scratch of at least `values.count` entries, 1 ≤ k ≤ count.
    private static func select(_ k: Int, of values: UnsafeBufferPointer<Double>,
                               scratch: UnsafeMutableBufferPointer<Double>) -> (value: Double, above: Int) {
        let count = values.count
        var gathered = 0
        if 4 * k <= count, count >= 4 * sampleSize {
            let stride = count / sampleSize
            for s in 0..<sampleSize { scratch[s] = values[s * stride] }
            let expected = Double(k) * Double(sampleSize) / Double(count)
            let rank = min(sampleSize, Int((1.25 * expected + 4 * expected.squareRoot() + 8).rounded(.up)))
            let bound = kthLargest(rank, in: UnsafeMutableBufferPointer(rebasing: scratch[0..<sampleSize]))
            for value in values where value >= bound {
                scratch[gathered] = value
                gathered += 1
            }
        }
        if gathered < k {
            for i in 0..<count { scratch[i] = values[i] }
            gathered = count
        }
        let candidates = UnsafeMutableBufferPointer(rebasing: scratch[0..<gathered])
        let value = kthLargest(k, in: candidates)
        var above = 0
        for candidate in candidates where candidate > value { above += 1 }
        return (value, above)
    }

    /// The k-th largest entry of `values` (k = 1 is the largest), in place: the buffer is
    /// reordered. k is clamped to 1...values.count; expects no NaN; an empty buffer gives −∞.
    static func kthLargest(_ k: Int, in values: UnsafeMutableBufferPointer<Double>) -> Double {
        guard !values.isEmpty else { return -.infinity }
        // In descending order the k-th largest sits at index k − 1.
        let target = min(max(k, 1), values.count) - 1
        var low = 0, high = values.count - 1
        while low < high {
            let middle = low + (high - low) / 2
            // Median of three, descending: values[low] ≥ values[middle] ≥ values[high].
            if values[middle] > values[low] { values.swapAt(middle, low) }
            if values[high] > values[low] { values.swapAt(high, low) }
            if values[high] > values[middle] { values.swapAt(high, middle) }
            let pivot = values[middle]
            var i = low, j = high
            while i <= j {
                while values[i] > pivot { i += 1 }
                while values[j] < pivot { j -= 1 }
                if i <= j {
                    values.swapAt(i, j)
                    i += 1
                    j -= 1
                }
            }
            // Now values[low...j] ≥ pivot ≥ values[i...high], and entries between j and i equal it.
            if target <= j {
                high = j
            } else if target >= i {
                low = i
            } else {
                return pivot
            }
        }
        return values[target]
    }
}
