import Foundation
internal import GRDB

/// The spec a run belongs to, as registered by `repro run`. A row of table `specs`.
public struct SpecRecord: Sendable, Equatable {
    /// The spec's unique, stable id (`id:` of the YAML).
    public var id: String
    /// Path of the YAML file it was read from.
    public var path: String
    /// Hash of the file's content when registered.
    public var contentHash: String
    /// The spec's title.
    public var title: String
    /// Key of the paper in `experiments/papers.yaml`.
    public var paper: String
    /// Model name.
    public var model: String
    /// When the spec was (last) registered; stored to the millisecond (UTC).
    public var registeredAt: Date

    /// Creates a spec record.
    public init(
        id: String, path: String, contentHash: String, title: String, paper: String, model: String,
        registeredAt: Date
    ) {
        self.id = id
        self.path = path
        self.contentHash = contentHash
        self.title = title
        self.paper = paper
        self.model = model
        self.registeredAt = registeredAt
    }
}

/// A row of table `specs`, column for column.
struct SpecRow: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "specs"

    var id: String
    var path: String
    var contentHash: String
    var title: String
    var paper: String
    var model: String
    var registeredAt: String

    enum CodingKeys: String, CodingKey {
        case id, path, title, paper, model
        case contentHash = "content_hash"
        case registeredAt = "registered_at"
    }

    init(_ spec: SpecRecord) {
        id = spec.id
        path = spec.path
        contentHash = spec.contentHash
        title = spec.title
        paper = spec.paper
        model = spec.model
        registeredAt = ValueEncoding.text(spec.registeredAt)
    }

    /// The public record of this row.
    func record() throws(CorruptValue) -> SpecRecord {
        SpecRecord(
            id: id, path: path, contentHash: contentHash, title: title, paper: paper, model: model,
            registeredAt: try ValueEncoding.date(registeredAt, column: "spec \(id): registered_at"))
    }
}
