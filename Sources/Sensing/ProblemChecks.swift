import ExperimentKit

/// The parameters of a planted low-rank sensing problem, as a schema names them, and the checks
/// every such problem makes of them together (a schema's `crossCheck`).
public struct PlantedProblemKeys: Sendable {
    /// The side of the ground truth ("n", "d").
    public let side: String
    /// How messages write the search rank ("k", "r'").
    public let searchRankSymbol: String
    /// How messages write the ground truth ("M*", "X*").
    public let truthSymbol: String
    /// Whether an empty `spectrum` stands for a default one.
    public let spectrumMayBeEmpty: Bool
    /// Whether the search rank may be below the rank.
    public let searchRankMayBeBelowRank: Bool
    /// The most doubles the operator may hold (m·side²), and that limit in words.
    public let operatorLimit: Int
    public let operatorLimitText: String

    /// The keys and limits of one model.
    public init(side: String, searchRankSymbol: String, truthSymbol: String, spectrumMayBeEmpty: Bool,
                searchRankMayBeBelowRank: Bool, operatorLimit: Int, operatorLimitText: String) {
        self.side = side
        self.searchRankSymbol = searchRankSymbol
        self.truthSymbol = truthSymbol
        self.spectrumMayBeEmpty = spectrumMayBeEmpty
        self.searchRankMayBeBelowRank = searchRankMayBeBelowRank
        self.operatorLimit = operatorLimit
        self.operatorLimitText = operatorLimitText
    }

    /// r ≤ side and the search rank ≤ side (and ≥ r unless allowed), r spectrum values > 0,
    /// and an operator within the limit; throws naming the offending key.
    public func check(_ p: ParameterSet) throws(ParameterError) {
        let n = try p.int(side), r = try p.int("rank"), k = try p.int("search_rank")
        if r > n { throw ParameterError(key: "rank", message: "rank r = \(r) exceeds \(side) = \(n)") }
        if k > n {
            throw ParameterError(key: "search_rank", message: "search rank \(searchRankSymbol) = \(k) exceeds \(side) = \(n)")
        }
        if k < r, !searchRankMayBeBelowRank {
            throw ParameterError(key: "search_rank", message: "search rank \(searchRankSymbol) = \(k) is below the rank r = \(r)")
        }
        let s = try p.reals("spectrum")
        if !(s.isEmpty && spectrumMayBeEmpty) {
            if s.count != r { throw ParameterError(key: "spectrum", message: "has \(s.count) values but rank r = \(r)") }
            if let bad = s.first(where: { !($0 > 0) }) {
                throw ParameterError(key: "spectrum", message: "eigenvalues of \(truthSymbol) must be > 0, got \(bad)")
            }
        }
        let m = try p.int("measurements")
        if m * n * n > operatorLimit {
            throw ParameterError(key: "measurements",
                                 message: "m·\(side)² = \(m * n * n) doubles exceeds the \(operatorLimitText) operator limit")
        }
    }
}
