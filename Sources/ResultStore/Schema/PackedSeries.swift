import Foundation
internal import GRDB

/// A series as one row of table `series`: its values as a packed array of little-endian IEEE
/// 754 doubles (every bit kept: NaN payloads, -0.0, ±infinity), and its steps either as a
/// rule (`first`, `stride`, `last`: the steps first, first + stride, … for all points but the
/// last, then `last`, which is how a run records every k-th iteration and its final one;
/// `last` is NULL when it is on the stride too) or, when they follow no such rule, as a packed
/// array of little-endian 64-bit integers.
struct PackedSeries: Equatable {
    /// The first step, when the steps follow the rule; nil when `steps` holds them.
    var first: Int?
    /// The stride of the rule.
    var stride: Int?
    /// The last step of the rule, when it is off the stride.
    var last: Int?
    /// The steps, when they follow no rule.
    var steps: Data?
    /// The values.
    var values: Data

    /// Packs `steps` (increasing) and `values` (of the same length).
    init(steps: [Int], values: [Double]) {
        self.values = Self.pack(values.map(\.bitPattern))
        if let rule = Self.rule(of: steps) {
            let onStride = Self.step(steps.count - 1, first: rule.first, stride: rule.stride) == rule.last
            (first, stride, last, self.steps) = (rule.first, rule.stride, onStride ? nil : rule.last, nil)
        } else {
            (first, stride, last) = (nil, nil, nil)
            self.steps = Self.pack(steps.map { UInt64(bitPattern: Int64($0)) })
        }
    }

    /// A row's columns.
    init(first: Int?, stride: Int?, last: Int?, steps: Data?, values: Data) {
        (self.first, self.stride, self.last, self.steps, self.values) = (first, stride, last, steps, values)
    }

    /// The columns `first_step, step_stride, last_step, steps, "values"` of `row`, from
    /// position `start` on.
    init(row: Row, from start: Int) throws {
        self.init(first: try row.decode(Int?.self, atIndex: start), stride: try row.decode(Int?.self, atIndex: start + 1),
                  last: try row.decode(Int?.self, atIndex: start + 2), steps: try row.decode(Data?.self, atIndex: start + 3),
                  values: try row.decode(Data.self, atIndex: start + 4))
    }

    /// The rule of `steps`, or nil when they follow none (or its arithmetic would overflow).
    static func rule(of steps: [Int]) -> (first: Int, stride: Int, last: Int)? {
        guard let first = steps.first, let last = steps.last else { return nil }
        guard steps.count > 1 else { return (first, 0, last) }
        let (stride, overflow) = steps[1].subtractingReportingOverflow(first)
        guard !overflow else { return nil }
        for i in 1..<steps.count - 1 where step(i, first: first, stride: stride) != steps[i] { return nil }
        return (first, stride, last)
    }

    /// first + i·stride, or nil when it overflows.
    static func step(_ i: Int, first: Int, stride: Int) -> Int? {
        let (offset, o1) = i.multipliedReportingOverflow(by: stride)
        let (value, o2) = first.addingReportingOverflow(offset)
        return o1 || o2 ? nil : value
    }

    /// The steps and values; throws when the row's arrays do not fit together.
    func unpacked() throws(CorruptValue) -> (steps: [Int], values: [Double]) {
        guard values.count % 8 == 0 else { throw CorruptValue(message: "series values are not a whole number of doubles") }
        let values = Self.unpack(values).map(Double.init(bitPattern:))
        let steps: [Int]
        if let packed = self.steps {
            steps = Self.unpack(packed).map { Int(Int64(bitPattern: $0)) }
            guard packed.count % 8 == 0, steps.count == values.count else {
                throw CorruptValue(message: "series has \(packed.count / 8) steps but \(values.count) values")
            }
        } else if let first, let stride {
            var rule: [Int] = []
            for i in values.indices {
                if i == values.count - 1, let last {
                    rule.append(last)
                } else if let step = Self.step(i, first: first, stride: stride) {
                    rule.append(step)
                } else {
                    throw CorruptValue(message: "series step rule overflows at point \(i)")
                }
            }
            steps = rule
        } else {
            throw CorruptValue(message: "series has neither steps nor a step rule")
        }
        return (steps, values)
    }

    /// Little-endian bytes of `words`.
    static func pack(_ words: [UInt64]) -> Data {
        var data = Data(count: words.count * 8)
        data.withUnsafeMutableBytes { raw in
            for (i, word) in words.enumerated() { raw.storeBytes(of: word.littleEndian, toByteOffset: 8 * i, as: UInt64.self) }
        }
        return data
    }

    /// The little-endian words of `data` (a trailing partial word is ignored).
    static func unpack(_ data: Data) -> [UInt64] {
        data.withUnsafeBytes { raw in
            (0..<raw.count / 8).map { UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: 8 * $0, as: UInt64.self)) }
        }
    }
}
