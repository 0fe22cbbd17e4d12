import Foundation
import Testing

/// The no-trap policy of docs/contributing.md, checked by `scripts/check-policy.sh`.
@Suite("No-trap policy")
struct PolicyTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    func check(_ sources: URL?) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = Self.root.appendingPathComponent("scripts/check-policy.sh")
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        if let sources {
            // Run a copy of the script next to a copy of the sources.
            let copy = sources.appendingPathComponent("scripts/check-policy.sh")
            try FileManager.default.createDirectory(at: copy.deletingLastPathComponent(), withIntermediateDirectories: true)
            if !FileManager.default.fileExists(atPath: copy.path) {
                try FileManager.default.copyItem(at: Self.root.appendingPathComponent("scripts/check-policy.sh"), to: copy)
            }
            process.executableURL = copy
        }
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    @Test("Sources/ has no fatalError, try!, as!, force unwrap, precondition or assert outside NumericsCore and Sensing")
    func sourcesFollowThePolicy() throws {
        let result = try check(nil)
        #expect(result.status == 0, "\(result.output)")
    }

    @Test("the check finds each forbidden form (it can fail)")
    func theCheckCanFail() throws {
        let scratch = try Scratch("policy")
        defer { scratch.remove() }
        let sources = scratch.url.appendingPathComponent("Sources/Specs")
        try FileManager.default.createDirectory(at: sources, withIntermediateDirectories: true)
        let allowed = scratch.url.appendingPathComponent("Sources/NumericsCore")
        try FileManager.default.createDirectory(at: allowed, withIntermediateDirectories: true)
        try Data("func f(_ n: Int) {\n    precondition(n > 0)\n    if n != 1 { return }\n}\n".utf8)
            .write(to: allowed.appendingPathComponent("Ok.swift"))
        #expect(try check(scratch.url).status == 0)
        for bad in ["let x = y!", "let x = try! f()", "fatalError(\"no\")", "let v = d[k]!.count", "precondition(ok)",
                    "let s = o as! String", "assert(n > 0)"] {
            try Data("func g() {\n    \(bad)\n}\n".utf8).write(to: sources.appendingPathComponent("Bad.swift"))
            let result = try check(scratch.url)
            #expect(result.status == 1 && result.output.contains("Bad.swift:2:"), "\(bad): \(result.output)")
        }
    }
}
