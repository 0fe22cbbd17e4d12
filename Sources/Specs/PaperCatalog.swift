import Yams

/// The citation of one paper, an entry of `experiments/papers.yaml`.
public struct Citation: Sendable, Equatable {
    /// The key specs name in `paper:`.
    public var key: String
    /// The entry's fields as written (`authors`, `title`, `venue`, `year`, `arxiv`, …).
    public var fields: [String: String]

    /// Creates a citation.
    public init(key: String, fields: [String: String]) {
        self.key = key
        self.fields = fields
    }

    /// `Authors. "Title". Venue, year. arXiv:…` from the fields present (the year only when the
    /// venue does not already carry a year).
    public var text: String {
        var parts: [String] = []
        if let authors = fields["authors"] { parts.append(authors) }
        if let title = fields["title"] { parts.append("“\(title)”") }
        let venueHasYear = fields["venue"].map { venue in
            venue.split(whereSeparator: { !$0.isNumber }).contains { $0.count == 4 }
        } ?? false
        let venue = [fields["venue"], venueHasYear ? nil : fields["year"]].compactMap { $0 }.joined(separator: ", ")
        if !venue.isEmpty { parts.append(venue) }
        if let arxiv = fields["arxiv"] { parts.append("arXiv:\(arxiv)") }
        if let url = fields["url"] { parts.append(url) }
        return parts.isEmpty ? key : parts.joined(separator: ". ")
    }
}

/// The papers of `experiments/papers.yaml`: a mapping from paper key to a mapping of
/// text fields.
public enum PaperCatalog {
    /// The citations in the file at `path`, by key. Errors name file, line and column.
    public static func load(path: String) throws(SpecError) -> [String: Citation] {
        let bytes = try SpecFile.read(path)
        let text = try SpecFile.decode(bytes, path: path)
        return try parse(text, path: path)
    }

    /// The citations in `text`; `path` names it in errors.
    public static func parse(_ text: String, path: String) throws(SpecError) -> [String: Citation] {
        let reader = NodeReader(file: path)
        let root = try YAMLDocument.compose(text, file: path)
        var out: [String: Citation] = [:]
        for paper in try reader.entries(root, "") {
            var fields: [String: String] = [:]
            for field in try reader.entries(paper.value, paper.name) {
                fields[field.name] = try reader.string(field.value, paper.name + "." + field.name)
            }
            out[paper.name] = Citation(key: paper.name, fields: fields)
        }
        return out
    }
}
