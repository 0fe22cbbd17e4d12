import ExperimentKit

/// One swept parameter: its name and the values it takes, in file order (normalized by the
/// parameter's kind).
public struct SweepAxis: Sendable, Equatable {
    /// The parameter's name, e.g. `search_rank`.
    public var name: String
    /// The values, in the order the spec lists them.
    public var values: [ParameterValue]

    /// Creates an axis.
    public init(name: String, values: [ParameterValue]) {
        self.name = name
        self.values = values
    }
}

/// The `sweep:` of a spec: cartesian axes plus an optional group of zipped axes.
///
/// Order of the points (`combinations()`, `Spec.plan`): the cartesian axes in file order,
/// the first one slowest, and the zip group as one more axis after them (fastest); within
/// the zip group all axes advance together.
public struct Sweep: Sendable, Equatable {
    /// Cartesian axes, in file order.
    public var axes: [SweepAxis]
    /// Zipped axes (`sweep.zip`): all of equal length, advanced together.
    public var zipped: [SweepAxis]

    /// Creates a sweep; an empty sweep has one point (no swept parameter).
    public init(axes: [SweepAxis] = [], zipped: [SweepAxis] = []) {
        self.axes = axes
        self.zipped = zipped
    }

    /// Names of all swept parameters: the cartesian axes, then the zipped ones.
    public var axisNames: [String] { axes.map(\.name) + zipped.map(\.name) }

    /// The axis (cartesian or zipped) called `name`, if any.
    public func axis(named name: String) -> SweepAxis? {
        axes.first { $0.name == name } ?? zipped.first { $0.name == name }
    }

    /// Number of zipped points: the common length of the zipped lists (0 when there is no zip).
    public var zipLength: Int { zipped.first?.values.count ?? 0 }

    /// Number of parameter combinations: the product of the cartesian axis lengths times the
    /// zip length (1 for an empty sweep). Saturates at `Int.max` instead of overflowing.
    public var pointCount: Int {
        var count = 1
        for length in dimensions {
            let (product, overflow) = count.multipliedReportingOverflow(by: length)
            if overflow { return Int.max }
            count = product
        }
        return count
    }

    /// Every combination of swept values, in plan order (first axis slowest, zip fastest).
    public func combinations() -> [ParameterSet] {
        var out: [ParameterSet] = []
        out.reserveCapacity(min(pointCount, 1 << 20))
        forEachIndexVector { indices in out.append(values(at: indices)) }
        return out
    }

    /// Lengths of the odometer's digits: one per cartesian axis, plus the zip group.
    var dimensions: [Int] {
        axes.map(\.values.count) + (zipped.isEmpty ? [] : [zipLength])
    }

    /// Calls `body` with the index vector of each combination, in plan order. Entry `i` indexes
    /// `axes[i]`; a last entry (when there is a zip group) indexes every zipped axis.
    func forEachIndexVector<E: Error>(_ body: ([Int]) throws(E) -> Void) throws(E) {
        let dims = dimensions
        guard dims.allSatisfy({ $0 > 0 }) else { return }
        var indices = [Int](repeating: 0, count: dims.count)
        while true {
            try body(indices)
            var digit = dims.count - 1
            while digit >= 0 {
                indices[digit] += 1
                if indices[digit] < dims[digit] { break }
                indices[digit] = 0
                digit -= 1
            }
            if digit < 0 { return }
        }
    }

    /// The swept values picked by an index vector of `forEachIndexVector`.
    func values(at indices: [Int]) -> ParameterSet {
        var set = ParameterSet()
        for (axis, index) in zip(axes, indices) { set[axis.name] = axis.values[index] }
        if !zipped.isEmpty, let z = indices.last {
            for axis in zipped { set[axis.name] = axis.values[z] }
        }
        return set
    }

    /// Index into the values of the axis `name` for an index vector, if `name` is swept.
    func valueIndex(of name: String, in indices: [Int]) -> Int? {
        if let i = axes.firstIndex(where: { $0.name == name }) { return indices[i] }
        if zipped.contains(where: { $0.name == name }) { return indices.last }
        return nil
    }
}
