import ExperimentKit
import Testing

/// The one rule of seeds: first eight bytes (big-endian) of SHA-256 of NUL-joined fields.
@Suite struct SeedDerivationTests {
    @Test func knownValuesMatchAnIndependentHash() {
        // Python: int.from_bytes(hashlib.sha256("\0".join(fields).encode()).digest()[:8], "big")
        #expect(SeedDerivation.stream("regression-targets", of: 42) == 13_324_856_637_112_143_308)
        #expect(SeedDerivation.stream("sample-complexity-level", index: 3, of: 42) == 2_286_772_597_968_255_383)
        #expect(SeedDerivation.seed(["bootstrap", "spec-a", "claim-b"]) == 5_385_423_040_063_192_894)
    }

    @Test func runSeedsFollowTheSameRule() throws {
        let p = try toySchema.resolve(ParameterSet(["n": .int(10)]))
        let id = RunIdentity(schema: toySchema, parameters: p, replicate: 2)
        #expect(id.seeds.instance == SeedDerivation.seed(["instance", "toy", #"{"n":10}"#, "2"]))
        #expect(id.seeds.instance == 16_596_392_773_417_036_121)
        #expect(id.seeds.instanceStream("level", index: 1) == SeedDerivation.stream("level", index: 1, of: id.seeds.instance))
        #expect(id.seeds.algorithmStream("level", index: 1) == SeedDerivation.stream("level", index: 1, of: id.seeds.algorithm))
    }

    @Test func streamsAreDeterministicAndDistinct() {
        let seeds = RunSeeds(instance: 7, algorithm: 8)
        #expect(seeds.instanceStream("targets") == seeds.instanceStream("targets", index: 0))
        #expect(seeds.instanceStream("targets") == RunSeeds(instance: 7, algorithm: 99).instanceStream("targets"))
        var all: Set<UInt64> = [seeds.instance, seeds.algorithm]
        for label in ["targets", "level", "levels"] {
            for index in 0..<100 {
                all.insert(seeds.instanceStream(label, index: index))
                all.insert(seeds.algorithmStream(label, index: index))
            }
        }
        #expect(all.count == 2 + 2 * 3 * 100)
        // No field can run into the next: "a" + index 12 is not "a1" + index 2.
        #expect(SeedDerivation.stream("a", index: 12, of: 7) != SeedDerivation.stream("a1", index: 2, of: 7))
    }
}
