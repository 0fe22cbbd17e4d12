/// The k-th largest of a set of numbers by selection (Hoare's quickselect with a median-of-three
/// pivot): O(count) expected, in place, no allocation. It reorders its buffer.
enum LargestEntries {
    /// The k-th largest entry of `values` (k = 1 is the largest). The buffer is reordered.
    /// Precondition: 1 ≤ k ≤ values.count, no NaN.
    static func kthLargest(_ k: Int, in values: UnsafeMutableBufferPointer<Double>) -> Double {
        precondition(k >= 1 && k <= values.count, "LargestEntries: k = \(k) outside 1...\(values.count)")
        // In descending order the k-th largest sits at index k − 1.
        let target = k - 1
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
