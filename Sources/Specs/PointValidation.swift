import ExperimentKit

/// Checks that every complete point of a spec (fixed parameters ∪ one sweep combination)
/// resolves under the model's schema (defaults, ranges, cross-checks), and that each claim
/// selects some of those points.
enum PointValidation {
    /// The resolved parameters of every sweep combination, in plan order. A `ParameterError`
    /// becomes a `SpecError` at the sweep value or `params` entry of its key when there is one.
    static func resolveAll(_ draft: ParameterDraft, schema: ModelSchema) throws(SpecError) -> [ParameterSet] {
        var resolved: [ParameterSet] = []
        resolved.reserveCapacity(min(draft.sweep.pointCount, 1 << 20))
        try draft.sweep.forEachIndexVector { (indices: [Int]) throws(SpecError) in
            var given = draft.params
            let swept = draft.sweep.values(at: indices)
            for (key, value) in swept.values { given[key] = value }
            do throws(ParameterError) {
                resolved.append(try schema.resolve(given))
            } catch {
                throw attribute(error, draft: draft, indices: indices, swept: swept)
            }
        }
        return resolved
    }

    /// The `SpecError` for a failed point: at the sweep value of the error's key (with the
    /// other swept values in the message), else at its `params` entry, else at `params:`.
    static func attribute(_ error: ParameterError, draft: ParameterDraft, indices: [Int], swept: ParameterSet) -> SpecError {
        let key = baseName(error.key)
        let others = draft.sweep.axisNames.filter { $0 != key }.compactMap { name in swept[name].map { "\(name) = \($0)" } }
        let context = others.isEmpty ? "" : " (at \(others.joined(separator: ", ")))"
        if let origin = draft.axisOrigins[key], let i = draft.sweep.valueIndex(of: key, in: indices), origin.values.indices.contains(i) {
            return origin.values[i].error(origin.keyPath, error.message + context)
        }
        if let origin = draft.paramOrigins[key] {
            return origin.value.error(origin.keyPath, error.message + context)
        }
        return draft.paramsLocation.error("params." + key, error.message + context)
    }

    /// The parameter name a `ParameterError` key starts with (`spectrum[2]` → `spectrum`).
    static func baseName(_ key: String) -> String {
        String(key.prefix { $0 != "[" && $0 != "." })
    }

    /// Throws when a claim's `where` (or `where` with `versus`) matches none of `points`.
    static func checkClaims(_ claims: [ReadClaim], against points: [ParameterSet]) throws(SpecError) {
        for source in claims {
            let claim = source.claim
            if !claim.filter.values.isEmpty, !points.contains(where: claim.matches) {
                throw source.filterLocation.error(source.keyPath + ".where", "no run of the sweep has \(listing(claim.filter))")
            }
            if let reference = claim.versusFilter, let location = source.versusLocation,
               !points.contains(where: { point in reference.values.allSatisfy { point[$0.key] == $0.value } }) {
                throw location.error(source.keyPath + ".versus", "no run of the sweep has \(listing(reference))")
            }
        }
    }

    /// `a = 1, b = x` in key order.
    static func listing(_ set: ParameterSet) -> String {
        set.values.sorted { $0.key < $1.key }.map { "\($0.key) = \($0.value)" }.joined(separator: ", ")
    }
}
