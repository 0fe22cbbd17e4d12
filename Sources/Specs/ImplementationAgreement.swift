import ExperimentKit
import Foundation
import Yams

/// A spec's statement that it runs the same experiment as another spec on a second
/// implementation of the model (`agreement:`, docs/model-programs.md): the two must reach the
/// same verdict on every claim, and the named metrics, aggregated over the replicates of each
/// sweep point, must agree within each metric's stated tolerance. The random instances of two
/// implementations differ, so agreement is statistical: over replicates, not bit for bit.
public struct ImplementationAgreement: Sendable, Equatable {
    /// How far apart two aggregates may be.
    public enum Tolerance: Sendable, Equatable, CustomStringConvertible {
        /// |a − b| / max(|a|, |b|) ≤ x (equal infinities agree).
        case relative(Double)
        /// |log₁₀ a − log₁₀ b| ≤ x, for positive metrics spread over orders of magnitude.
        case decades(Double)

        /// `relative difference ≤ 0.1` or `within 1.5 decades`.
        public var description: String {
            switch self {
            case .relative(let x): return "relative difference ≤ \(x)"
            case .decades(let x): return "within \(x) decades"
            }
        }

        /// Whether `a` and `b` agree: both non-finite and equal, or both finite and close.
        public func accepts(_ a: Double, _ b: Double) -> Bool { difference(a, b).map { $0 <= bound } ?? false }

        /// The bound on `difference`.
        public var bound: Double {
            switch self {
            case .relative(let x), .decades(let x): return x
            }
        }

        /// The difference measured by this tolerance: 0 for equal values (equal infinities
        /// too), nil when it is undefined (one side infinite or NaN; a non-positive value in decades).
        public func difference(_ a: Double, _ b: Double) -> Double? {
            if a == b { return 0 }
            guard a.isFinite, b.isFinite else { return nil }
            switch self {
            case .relative: return abs(a - b) / max(abs(a), abs(b))
            case .decades:
                guard a > 0, b > 0 else { return nil }
                return abs(log10(a) - log10(b))
            }
        }
    }

    /// The other implementation's spec, as written (`with:`).
    public var with: String
    /// Its path: `with` relative to this spec's folder.
    public var otherPath: String
    /// The metrics compared per sweep point, each with how close the two sides' aggregates must be.
    public var metrics: [(name: String, tolerance: Tolerance)]
    /// How each side's replicates of a sweep point are summarized: `median` or `mean`.
    public var aggregate: String
    /// How the tolerance was set (our calibration).
    public var calibration: String

    /// Creates an agreement statement.
    public init(with: String, otherPath: String, metrics: [(name: String, tolerance: Tolerance)], aggregate: String,
                calibration: String) {
        self.with = with
        self.otherPath = otherPath
        self.metrics = metrics
        self.aggregate = aggregate
        self.calibration = calibration
    }

    public static func == (a: ImplementationAgreement, b: ImplementationAgreement) -> Bool {
        a.with == b.with && a.otherPath == b.otherPath && a.aggregate == b.aggregate && a.calibration == b.calibration
            && a.metrics.map(\.name) == b.metrics.map(\.name) && a.metrics.map(\.tolerance) == b.metrics.map(\.tolerance)
    }

    /// The keys of `agreement:`.
    static let keys = ["with", "metrics", "aggregate", "source"]
}

extension NodeReader {
    /// `agreement:` of the spec at `specPath`, its metrics checked against `schema`.
    func agreement(_ node: Node, schema: ModelSchema, specPath: String) throws(SpecError) -> ImplementationAgreement {
        let path = "agreement"
        let entries = try self.entries(node, path)
        try rejectUnknown(entries, allowed: ImplementationAgreement.keys, path)
        func required(_ key: String, _ what: String) throws(SpecError) -> Entry {
            guard let entry = entries.first(where: { $0.name == key }) else {
                throw error(node, "\(path).\(key)", "missing required key (\(what))")
            }
            return entry
        }
        let withEntry = try required("with", "the spec of the other implementation, relative to this one")
        let with = try string(withEntry.value, "\(path).with")
        guard with.hasSuffix(".yaml") || with.hasSuffix(".yml") else {
            throw error(withEntry.value, "\(path).with", "expected the path of a spec file (.yaml), got '\(with)'")
        }
        let folder = URL(fileURLWithPath: specPath).deletingLastPathComponent()
        // The file is read when the agreement is computed (`verify`, `report`), not here: a
        // spec is valid on its own.
        let otherPath = with.hasPrefix("/") ? with : folder.appendingPathComponent(with).path
        let metricsEntry = try required("metrics", "each compared metric with its tolerance, { relative: x } or { decades: x }")
        var metrics: [(name: String, tolerance: ImplementationAgreement.Tolerance)] = []
        for entry in try self.entries(metricsEntry.value, "\(path).metrics") {
            let key = "\(path).metrics.\(entry.name)"
            guard schema.metrics.contains(where: { $0.name == entry.name }) else {
                throw error(entry.key, key, "unknown metric '\(entry.name)' of model '\(schema.name)'"
                    + suggestion(for: entry.name, among: schema.metrics.map(\.name)))
            }
            let bounds = try self.entries(entry.value, key)
            try rejectUnknown(bounds, allowed: ["relative", "decades"], key)
            guard bounds.count == 1, let only = bounds.first else {
                throw error(entry.value, key, "expected one of { relative: x } or { decades: x }")
            }
            let bound = try number(only.value, "\(key).\(only.name)")
            guard bound >= 0 else { throw error(only.value, "\(key).\(only.name)", "expected a number ≥ 0, got \(bound)") }
            metrics.append((entry.name, only.name == "relative" ? .relative(bound) : .decades(bound)))
        }
        guard !metrics.isEmpty else { throw error(metricsEntry.value, "\(path).metrics", "expected at least one metric") }
        var aggregate = "median"
        if let entry = entries.first(where: { $0.name == "aggregate" }) {
            aggregate = try string(entry.value, "\(path).aggregate")
            guard ["median", "mean"].contains(aggregate) else {
                throw error(entry.value, "\(path).aggregate", "expected median or mean, got '\(aggregate)'")
            }
        }
        let sourceEntry = try required("source", "{ calibration: how the tolerance was set }")
        let sourceEntries = try self.entries(sourceEntry.value, "\(path).source")
        try rejectUnknown(sourceEntries, allowed: ["calibration"], "\(path).source")
        guard let calibrationEntry = sourceEntries.first else {
            throw error(sourceEntry.value, "\(path).source.calibration", "missing required key (how the tolerance was set)")
        }
        let calibration = try string(calibrationEntry.value, "\(path).source.calibration")
        return ImplementationAgreement(with: with, otherPath: otherPath, metrics: metrics, aggregate: aggregate,
                                       calibration: calibration)
    }
}
