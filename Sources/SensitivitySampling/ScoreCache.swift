import Foundation

/// A process-wide memo of `RowScores` by instance: sweep points that differ only in how they
/// sample (m, scores, trials) share one matrix (common random numbers) and therefore one set
/// of exact sensitivities, which cost n convex solves. The computation is deterministic, so
/// a cached value equals a recomputed one; the cache only saves time. Entries are small
/// (a few n-vectors); at most `capacity` are kept (oldest dropped first).
final class ScoreCache: @unchecked Sendable {
    /// The shared cache.
    static let shared = ScoreCache(capacity: 16)

    private let lock = NSLock()
    private var entries: [String: (basis: OrthonormalBasis, scores: RowScores)] = [:]
    private var order: [String] = []
    private let capacity: Int

    init(capacity: Int) { self.capacity = capacity }

    /// The cached basis and scores for `key`, or computes, stores and returns them.
    func scores(key: String, compute: () throws(SensitivityError) -> (OrthonormalBasis, RowScores)) throws(SensitivityError)
        -> (OrthonormalBasis, RowScores) {
        lock.lock()
        let hit = entries[key]
        lock.unlock()
        if let hit { return hit }
        let value = try compute()
        lock.lock()
        if entries[key] == nil {
            entries[key] = value
            order.append(key)
            if order.count > capacity { entries[order.removeFirst()] = nil }
        }
        lock.unlock()
        return value
    }
}
