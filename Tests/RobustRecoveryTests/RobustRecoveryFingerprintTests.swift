import CodeFingerprint
import ExperimentKit
import Foundation
import RobustRecovery
import Testing

/// The code fingerprint CodeFingerprintPlugin compiles into the module.
@Suite struct RobustRecoveryFingerprintTests {
    @Test func schemaCarriesTheBuildTimeFingerprint() {
        let fingerprint = RobustRecovery.schema.codeFingerprint
        #expect(fingerprint.count == 64)
        #expect(fingerprint.allSatisfy { "0123456789abcdef".contains($0) })
    }

    /// The fingerprint is the digest of RobustRecovery's own sources and those of the package
    /// targets it uses: Sensing, NumericsCore, CSensingKernels (C) and ExperimentKit.
    @Test func fingerprintCoversTheModelAndThePackageCodeItUses() throws {
        let sources = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Sources")
        var files: [(name: String, text: String)] = []
        for module in ["RobustRecovery", "Sensing", "NumericsCore", "CSensingKernels", "ExperimentKit"] {
            let directory = sources.appendingPathComponent(module)
            let enumerator = try #require(FileManager.default.enumerator(atPath: directory.path))
            for case let relative as String in enumerator
            where [".swift", ".c", ".h"].contains(where: { relative.hasSuffix($0) }) {
                let text = try String(contentsOf: directory.appendingPathComponent(relative), encoding: .utf8)
                files.append((name: module + "/" + relative, text: text))
            }
        }
        #expect(files.contains { $0.name == "CSensingKernels/include/sensing_kernels.h" })
        #expect(CodeFingerprint.digest(files: files) == RobustRecovery.schema.codeFingerprint)
    }
}
