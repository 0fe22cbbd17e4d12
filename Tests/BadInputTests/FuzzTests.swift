import Foundation
import Specs
import Testing

/// Bounded fuzzing of the spec loader (`make test`: `REPRO_FUZZ_SECONDS`, default 10 s);
/// `make fuzz` runs it longer with a fresh seed.
@Suite("Spec loader fuzzing")
struct FuzzTests {
    @Test("mutated specs load or are refused with one positioned line; none traps, hangs or grows memory")
    func mutatedSpecs() throws {
        let env = ProcessInfo.processInfo.environment
        let seconds = env["REPRO_FUZZ_SECONDS"].flatMap(Double.init) ?? 10
        let seed = env["REPRO_FUZZ_SEED"].flatMap(UInt64.init) ?? 20_240_601
        let fuzzer = SpecFuzzer(seeds: SpecFuzzer.defaultSeeds(), hangLimit: .seconds(max(5, seconds / 10)))
        #expect(fuzzer.seeds.count >= 6, "the experiments/ specs were not found")
        let report = fuzzer.run(for: .seconds(seconds), startSeed: seed)
        print("spec fuzzer: \(report.cases) cases from seed \(seed) in \(seconds) s: \(report.loaded) loaded, "
              + "\(report.refused) refused, slowest \(report.slowest); \(report.findings.count) findings")
        // Mutations must reach both outcomes, or the fuzzer tests nothing.
        #expect(report.loaded > 0 && report.refused > 0)
        if !report.findings.isEmpty {
            try FileManager.default.createDirectory(at: SpecFuzzer.findingsDirectory, withIntermediateDirectories: true)
        }
        for finding in report.findings.prefix(20) {
            let path = SpecFuzzer.findingsDirectory.appendingPathComponent("case-\(finding.seed).yaml")
            try Data(finding.text.utf8).write(to: path)
            Issue.record("\(finding) (text in \(path.path))")
        }
        #expect(maximumResidentMegabytes() < 2048)
    }

    /// The process's peak resident set, in MiB (Linux reports `ru_maxrss` in KiB).
    func maximumResidentMegabytes() -> Int {
        var usage = rusage()
        getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
        return usage.ru_maxrss / 1024
    }
}
