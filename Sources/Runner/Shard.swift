import Analysis
/// One of `count` disjoint slices of a plan, chosen by run key, for Slurm job arrays:
/// `repro run SPEC --shard I/N`. Shards 1…N are disjoint and together cover every plan,
/// whatever the order of its points or the machine, because membership depends on the run
/// key only.
public struct Shard: Sendable, Equatable, CustomStringConvertible {
    /// The shard's number, 1…`count`.
    public let index: Int
    /// How many shards the plan is cut into.
    public let count: Int

    /// Creates shard `index` of `count`; nil unless 1 ≤ index ≤ count.
    public init?(index: Int, count: Int) {
        guard count >= 1, (1...count).contains(index) else { return nil }
        self.index = index
        self.count = count
    }

    /// Parses `I/N` (e.g. `2/3`); throws a one-line `StudyError.input` otherwise.
    public init(parsing text: String) throws(StudyError) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let i = Int(parts[0]), let n = Int(parts[1]), let shard = Shard(index: i, count: n) else {
            throw .input("--shard: expected I/N with 1 ≤ I ≤ N (e.g. 2/3), got '\(text)'")
        }
        self = shard
    }

    /// Whether the run with hexadecimal key `key` falls in this shard: the first 64 bits of
    /// the key (a SHA-256, so uniform), modulo `count`, equal `index − 1`.
    public func contains(key: String) -> Bool {
        let value = UInt64(key.prefix(16), radix: 16) ?? 0
        return Int(value % UInt64(count)) == index - 1
    }

    public var description: String { "\(index)/\(count)" }
}
