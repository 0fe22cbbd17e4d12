import NumericsCore
import Sensing

/// What is known of the matrix being completed, to measure a run against.
public enum GroundTruth: Sendable {
    /// The planted M* = U·diag(σ)·Vᵀ, kept as factors.
    case planted(PlantedFactors)
    /// The full m×n matrix, from `truth_file`.
    case dense(Matrix)
    /// Nothing beyond the observed entries.
    case unknown
}

/// A matrix completion problem: the observed entries P_Ω(M) of an m×n matrix, the rank k
/// sought, and the ground truth when it is known.
public struct CompletionProblem: Sendable {
    /// P_Ω(M), both orientations.
    public let observed: ObservedEntries
    /// k.
    public let rank: Int
    /// M, when known.
    public let truth: GroundTruth

    /// A problem from its parts.
    public init(observed: ObservedEntries, rank: Int, truth: GroundTruth) {
        self.observed = observed
        self.rank = rank
        self.truth = truth
    }
}
