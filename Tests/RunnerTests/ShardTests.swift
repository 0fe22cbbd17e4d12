import ExperimentKit
import Foundation
@testable import Analysis
@testable import Runner
import Testing

@Suite struct ShardTests {
    /// 3000 SHA-256 keys, as run keys are.
    static let keys = (0..<3000).map { RunIdentity.sha256Hex(Array("run \($0)".utf8)) }

    @Test func shardsAreDisjointCoverTheKeysAndAreBalanced() throws {
        for count in [1, 2, 3, 7] {
            let shards = (1...count).compactMap { Shard(index: $0, count: count) }
            #expect(shards.count == count)
            for key in Self.keys {
                #expect(shards.filter { $0.contains(key: key) }.count == 1)
            }
            // Each shard holds 3000/count keys up to a few binomial standard deviations.
            let expected = Double(Self.keys.count) / Double(count)
            let sd = (expected * (1 - 1 / Double(count))).squareRoot()
            for shard in shards {
                let size = Double(Self.keys.filter { shard.contains(key: $0) }.count)
                #expect(abs(size - expected) <= 4 * sd + 0.5, "shard \(shard): \(size) keys, expected \(expected)")
            }
        }
    }

    @Test func shardMembershipIsTheKeyModuloTheCount() throws {
        // 0x…0005 mod 3 = 2 → shard 3; 0x…0006 mod 3 = 0 → shard 1.
        let five = String(repeating: "0", count: 15) + "5" + String(repeating: "f", count: 48)
        let six = String(repeating: "0", count: 15) + "6" + String(repeating: "f", count: 48)
        #expect(try Shard(parsing: "3/3").contains(key: five))
        #expect(try Shard(parsing: "1/3").contains(key: six))
        #expect(try !Shard(parsing: "1/3").contains(key: five))
    }

    @Test func badShardTextIsOneLine() {
        for text in ["0/3", "4/3", "1/0", "x", "1/", "/3", "1/3/5", "-1/3"] {
            #expect(throws: StudyError.self) { try Shard(parsing: text) }
        }
        #expect(throws: Never.self) { try Shard(parsing: "1/1") }
    }

    @Test func decisionsFollowTheOptions() {
        let key = Self.keys[0]
        let inShard = (1...2).first { Shard(index: $0, count: 2)!.contains(key: key) }!
        let here = Shard(index: inShard, count: 2), there = Shard(index: 3 - inShard, count: 2)
        #expect(SweepRunner.decide(key: key, status: nil, options: SweepOptions()) == .missing)
        #expect(SweepRunner.decide(key: key, status: "ok", options: SweepOptions()) == .stored(status: "ok"))
        #expect(SweepRunner.decide(key: key, status: "failed", options: SweepOptions(rerunFailed: true)) == .rerun(status: "failed"))
        #expect(SweepRunner.decide(key: key, status: "diverged", options: SweepOptions(rerunFailed: true)) == .stored(status: "diverged"))
        #expect(SweepRunner.decide(key: key, status: "ok", options: SweepOptions(rerun: true)) == .rerun(status: "ok"))
        #expect(SweepRunner.decide(key: key, status: nil, options: SweepOptions(shard: here)) == .missing)
        #expect(SweepRunner.decide(key: key, status: nil, options: SweepOptions(shard: there)) == .otherShard)
    }
}
