import Foundation
internal import GRDB

/// The verdict of one claim of a spec, as computed by `repro verify`. A row of table
/// `claim_results`.
public struct ClaimResultRecord: Sendable, Equatable {
    /// The spec's id.
    public var specID: String
    /// The claim's id within the spec.
    public var claimID: String
    /// The claim in words, as in the spec.
    public var text: String
    /// The measured aggregate, or nil when it could not be measured (NaN is stored as nil).
    public var measured: Double?
    /// What was expected, in human text, e.g. `< 1e-08`.
    public var expectation: String
    /// Whether the claim held.
    public var passed: Bool
    /// `PASS`, `FAIL`, `DEVIATES` or `INCOMPLETE`; nil for a result saved before verdicts were stored.
    public var verdict: String?
    /// More detail (e.g. the runs it was measured on), if any.
    public var detail: String?
    /// When the claim was evaluated; stored to the millisecond (UTC).
    public var evaluatedAt: Date

    /// Creates a claim result.
    public init(
        specID: String, claimID: String, text: String, measured: Double?, expectation: String,
        passed: Bool, verdict: String? = nil, detail: String?, evaluatedAt: Date
    ) {
        self.specID = specID
        self.claimID = claimID
        self.text = text
        self.measured = measured
        self.expectation = expectation
        self.passed = passed
        self.verdict = verdict
        self.detail = detail
        self.evaluatedAt = evaluatedAt
    }
}

/// A row of table `claim_results`, column for column; `position` keeps the claims in the
/// order they were saved (the order of the spec).
struct ClaimResultRow: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "claim_results"

    var specID: String
    var claimID: String
    var position: Int
    var text: String
    var measured: Double?
    var expectation: String
    var passed: Bool
    var verdict: String?
    var detail: String?
    var evaluatedAt: String

    enum CodingKeys: String, CodingKey {
        case position, text, measured, expectation, passed, verdict, detail
        case specID = "spec_id"
        case claimID = "claim_id"
        case evaluatedAt = "evaluated_at"
    }

    init(_ result: ClaimResultRecord, position: Int) {
        specID = result.specID
        claimID = result.claimID
        self.position = position
        text = result.text
        measured = result.measured.flatMap(ValueEncoding.column)
        expectation = result.expectation
        passed = result.passed
        verdict = result.verdict
        detail = result.detail
        evaluatedAt = ValueEncoding.text(result.evaluatedAt)
    }

    /// The public record of this row.
    func record() throws(CorruptValue) -> ClaimResultRecord {
        ClaimResultRecord(
            specID: specID, claimID: claimID, text: text, measured: measured, expectation: expectation,
            passed: passed, verdict: verdict, detail: detail,
            evaluatedAt: try ValueEncoding.date(
                evaluatedAt, column: "claim \(specID)/\(claimID): evaluated_at"))
    }
}
