import Foundation
internal import GRDB

/// The plan a spec was last run with: the spec file's content hash, the `--set` overrides and
/// the `--replicates` in force. A row of table `spec_plans`, one per spec id; `repro run`
/// replaces it, and read commands given no overrides use it.
public struct SpecPlanRecord: Sendable, Equatable {
    /// The spec's id.
    public var specID: String
    /// Hash of the spec file's content when it was run.
    public var contentHash: String
    /// The overrides as typed (`key=v1,v2`), in the order they were applied; empty for none.
    public var overrides: [String]
    /// The `--replicates` override, or nil when the spec's own count was used.
    public var replicates: Int?
    /// When the run started; stored to the millisecond (UTC).
    public var runAt: Date

    /// Creates a plan record.
    public init(specID: String, contentHash: String, overrides: [String], replicates: Int?, runAt: Date) {
        self.specID = specID
        self.contentHash = contentHash
        self.overrides = overrides
        self.replicates = replicates
        self.runAt = runAt
    }

    /// True when the plan is the spec file's own (no override, no replicate count).
    public var isFilePlan: Bool { overrides.isEmpty && replicates == nil }
}

/// A row of table `spec_plans`, column for column.
struct SpecPlanRow: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "spec_plans"

    var specID: String
    var contentHash: String
    var overridesJSON: String
    var replicates: Int?
    var runAt: String

    enum CodingKeys: String, CodingKey {
        case replicates
        case specID = "spec_id"
        case contentHash = "content_hash"
        case overridesJSON = "overrides_json"
        case runAt = "run_at"
    }

    init(_ plan: SpecPlanRecord) {
        specID = plan.specID
        contentHash = plan.contentHash
        let data = (try? JSONEncoder().encode(plan.overrides)) ?? Data("[]".utf8)
        overridesJSON = String(decoding: data, as: UTF8.self)
        replicates = plan.replicates
        runAt = ValueEncoding.text(plan.runAt)
    }

    /// The public record of this row.
    func record() throws(CorruptValue) -> SpecPlanRecord {
        guard let overrides = try? JSONDecoder().decode([String].self, from: Data(overridesJSON.utf8)) else {
            throw CorruptValue(message: "spec plan \(specID): overrides_json is not a JSON list of strings: \(overridesJSON)")
        }
        return SpecPlanRecord(
            specID: specID, contentHash: contentHash, overrides: overrides, replicates: replicates,
            runAt: try ValueEncoding.date(runAt, column: "spec plan \(specID): run_at"))
    }
}
