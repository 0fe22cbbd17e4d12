/// What stops a measurement, in one line.
enum BenchError: Error, CustomStringConvertible {
    /// A timed run did not run its whole budget (stopped early, diverged or failed).
    case incompleteRun(workload: String, iterations: Int, outcome: String)
    /// A peer exited non-zero or printed no JSON line of the contract.
    case peer(script: String, reason: String)
    /// A command or file of the store benchmark failed.
    case store(String)

    var description: String {
        switch self {
        case let .incompleteRun(workload, iterations, outcome):
            return "\(workload): a timed run of \(iterations) iterations did not run them all (\(outcome))"
        case let .peer(script, reason):
            return "peer \(script): \(reason)"
        case let .store(reason):
            return "store benchmark: \(reason)"
        }
    }
}
