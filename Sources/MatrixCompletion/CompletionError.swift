/// Why a completion run could not go on (stored as a failed run's one-line message).
enum CompletionError: Error, CustomStringConvertible {
    /// A quantity that must be finite is not.
    case notFinite(String)

    var description: String {
        switch self {
        case .notFinite(let what): "\(what) is not finite"
        }
    }
}
