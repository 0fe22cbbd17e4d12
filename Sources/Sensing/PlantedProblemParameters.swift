import ExperimentKit

/// The parameters of a planted low-rank sensing problem, declared once: the side of the ground
/// truth, its rank and spectrum, the number of measurements and the search rank of the factors,
/// as one model names and bounds them, with the checks every such problem makes of them
/// together (a schema's `crossCheck`).
public struct PlantedProblemParameters: Sendable {
    /// The side of the ground truth, as key and symbol ("n", "d").
    public let side: String
    /// The largest side (and rank, and search rank) the schema accepts.
    public let maxSide: Int
    /// How the search rank is written ("k", "r'").
    public let searchRankSymbol: String
    /// How the ground truth and its spectrum are written ("M*" and "s", "X*" and "λ").
    public let truthSymbol: String
    public let spectrumSymbol: String
    /// The defaults of n, r, s, m and the search rank.
    public let defaultSide: Int
    public let defaultRank: Int
    public let defaultSpectrum: [Double]
    public let defaultMeasurements: Int
    public let defaultSearchRank: Int
    /// What an empty `spectrum` stands for, or `nil` when it must have r values.
    public let emptySpectrum: String?
    /// Whether the search rank may be below the rank.
    public let searchRankMayBeBelowRank: Bool
    /// The most doubles the operator may hold (m·side²), and that limit in words.
    public let operatorLimit: Int
    public let operatorLimitText: String

    /// The parameters of one model.
    public init(side: String, maxSide: Int, searchRankSymbol: String, truthSymbol: String, spectrumSymbol: String,
                defaultSide: Int,
                defaultRank: Int, defaultSpectrum: [Double], defaultMeasurements: Int, defaultSearchRank: Int,
                emptySpectrum: String?, searchRankMayBeBelowRank: Bool, operatorLimit: Int, operatorLimitText: String) {
        self.side = side
        self.maxSide = maxSide
        self.searchRankSymbol = searchRankSymbol
        self.truthSymbol = truthSymbol
        self.spectrumSymbol = spectrumSymbol
        self.defaultSide = defaultSide
        self.defaultRank = defaultRank
        self.defaultSpectrum = defaultSpectrum
        self.defaultMeasurements = defaultMeasurements
        self.defaultSearchRank = defaultSearchRank
        self.emptySpectrum = emptySpectrum
        self.searchRankMayBeBelowRank = searchRankMayBeBelowRank
        self.operatorLimit = operatorLimit
        self.operatorLimitText = operatorLimitText
    }

    /// The schema entries: the side, `rank`, `spectrum` and `measurements` (instance
    /// parameters) and `search_rank`.
    public var specs: [ParameterSpec] {
        let sizes = ParameterKind.integer(min: 1, max: maxSide)
        let spectrumSummary = "eigenvalues of \(truthSymbol) (r values > 0)" + (emptySpectrum.map { "; empty = \($0)" } ?? "")
        return [
            ParameterSpec(side, symbol: side, kind: sizes, default: .int(defaultSide), instance: true,
                          summary: "side of the square ground truth \(truthSymbol)"),
            ParameterSpec("rank", symbol: "r", kind: sizes, default: .int(defaultRank), instance: true,
                          summary: "rank of \(truthSymbol)"),
            ParameterSpec("spectrum", symbol: spectrumSymbol, kind: .reals, default: .reals(defaultSpectrum), instance: true,
                          summary: spectrumSummary),
            ParameterSpec("measurements", symbol: "m", kind: .integer(min: 1, max: 1_000_000), default: .int(defaultMeasurements),
                          instance: true, summary: "number of Gaussian measurement matrices A_i"),
            ParameterSpec("search_rank", symbol: searchRankSymbol, kind: sizes, default: .int(defaultSearchRank),
                          instance: false,
                          summary: "columns of the factors (\(searchRankSymbol) = r exact, \(searchRankSymbol) > r over-parameterized)"),
        ]
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
        if !(s.isEmpty && emptySpectrum != nil) {
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
