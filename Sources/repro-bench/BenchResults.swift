/// One iterative workload measured side by side: ours, the NumPy peer, and the floor of one
/// pass over the operator at the bandwidth measured at its size.
struct WorkloadResult: Codable, Sendable {
    var id: String
    var title: String
    var ours: DifferentialTiming
    var peer: PeerResult?
    /// Why the peer has no result, when it has none.
    var peerError: String?
    /// Peer seconds / ours.
    var speedup: Double?
    var operatorBytes: OperatorBytes
    /// Bytes of one pass over the operator as stored.
    var bytesPerPass: Int
    /// Read bandwidth over a buffer of `bytesPerPass` bytes.
    var bandwidth: ReadBandwidth
    /// bytesPerPass / bandwidth, seconds.
    var floorSeconds: Double
    /// floorSeconds / ours (1 = at the floor).
    var fractionOfFloor: Double
}

/// Lewis weights or exact sensitivities, ours against the peer.
struct SensitivityResult: Codable, Sendable {
    var ours: SensitivityTiming
    var peer: PeerResult?
    var peerError: String?
    /// Peer seconds / ours.
    var speedup: Double?
}

/// One benchmark target (`Acceptance`), with its verdict and the numbers behind it.
struct AcceptanceLine: Codable, Sendable {
    enum Verdict: String, Codable, Sendable {
        case pass = "PASS"
        case fail = "FAIL"
        case notMeasured = "NOT MEASURED"
    }

    var criterion: String
    var verdict: Verdict
    var numbers: String
}

/// Everything one `make bench` run measured; written as bench/results.json and rendered as
/// bench/results.md.
struct BenchResults: Codable, Sendable {
    /// UTC date and time of the run.
    var date: String
    /// A sanity run (`--quick`: fewer iterations, one repetition), not figures.
    var quick: Bool
    var machine: MachineDescription
    /// /proc/loadavg when the run ended.
    var loadAtEnd: String
    /// Read bandwidth at the reference sizes (L3-resident and DRAM).
    var bandwidth: [ReadBandwidth]
    var workloads: [WorkloadResult]
    var batches: [BatchTiming]
    var sensitivities: [SensitivityResult]
    /// Optimal transport (part `transport`), when it ran.
    var transport: TransportTiming?
    /// Matrix completion (part `completion`), when it ran.
    var completion: CompletionTiming?
    var allocations: [AllocationCount]
    /// How the allocations were counted, or why they were not.
    var allocationNote: String
    /// The line of bench/reproduce-wall.txt, when that file exists.
    var reproduceWall: String?
    /// The store at scale (part `store`), when it ran.
    var store: StoreScale.Result?
    /// The model-program protocol's cost (part `programs`), when it ran.
    var programs: ProgramOverhead?
    var acceptance: [AcceptanceLine]
}
