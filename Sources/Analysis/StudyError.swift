import ResultStore
import Specs

/// Errors of building, running and reading a study, each one line for the user.
public enum StudyError: Error, Sendable, CustomStringConvertible {
    /// A spec was invalid (file, line, column, key).
    case spec(SpecError)
    /// The store could not be opened, read or written.
    case store(StoreError)
    /// A spec's model is not registered.
    case unknownModel(String)
    /// Other bad input (an argument that names nothing).
    case input(String)

    public var description: String {
        switch self {
        case .spec(let e): return e.description
        case .store(let e): return e.description
        case .unknownModel(let m): return "unknown model '\(m)'"
        case .input(let s): return s
        }
    }
}
