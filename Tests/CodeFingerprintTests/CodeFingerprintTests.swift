@testable import CodeFingerprint
import Crypto
import Foundation
import Testing

/// A small model file: a constant, a function and a string, with a few comments.
private let baseSource = """
    import NumericsCore

    /// The step size η.
    let step = 0.5 // constant step

    func descend(_ x: Double) -> Double {
        /* one gradient step */
        return x - step * 2 * x
    }

    let label = "step: \\(step) // not a comment"

    """

/// The digest of `text` as the one file `MatrixSensing/Descent.swift`.
private func fingerprint(_ text: String) -> String {
    CodeFingerprint.digest(files: [(name: "MatrixSensing/Descent.swift", text: text)])
}

/// swift-crypto's SHA-256 in hex: the independent reference for the build tool's own.
private func hexOfCrypto(_ bytes: [UInt8]) -> String {
    Crypto.SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined()
}

@Suite struct CodeFingerprintTests {
    /// The build tool's SHA-256 equals swift-crypto's on the FIPS 180-4 examples and on
    /// messages of every length around the block and padding boundaries.
    @Test func sha256AgreesWithSwiftCrypto() {
        #expect(SHA256Digest.hex(Array("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(SHA256Digest.hex([]) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        var generator = SystemRandomNumberGenerator()
        for length in [1, 55, 56, 57, 63, 64, 65, 119, 120, 128, 1000, 4097] {
            let message = (0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) }
            #expect(SHA256Digest.hex(message) == hexOfCrypto(message), "length \(length)")
        }
    }

    @Test func knownVector() {
        let expected = "a41c06dbf28da03352cb3b03ad7708efdd3b2503b90d984da29fdcfa57dafaf9"
        #expect(hexOfCrypto(Array("a.swift\u{0}let x=1\u{0}".utf8)) == expected)
        #expect(CodeFingerprint.digest(files: [("a.swift", "let x = 1 // c\n")]) == expected)
    }

    @Test func normalizedDropsCommentsAndWhitespace() {
        #expect(CodeFingerprint.normalized("let x = 1 // c\n") == "let x=1")
        #expect(CodeFingerprint.normalized("a /* b /* c */ d */ e") == "a e")
        #expect(CodeFingerprint.normalized("return\n  x + 1") == "return x+1")
        #expect(CodeFingerprint.normalized("f(\n\tx,\r\n  y )") == "f(x,y)")
    }

    @Test func commentEditsKeepTheDigest() {
        let base = fingerprint(baseSource)
        let edits = [
            baseSource.replacingOccurrences(of: "// constant step", with: "// the constant step η of eq. (3)"),
            baseSource.replacingOccurrences(of: "/* one gradient step */", with: "/* a step */"),
            baseSource.replacingOccurrences(of: "/* one gradient step */", with: "/* outer /* nested */ still */"),
            baseSource.replacingOccurrences(of: "/// The step size η.", with: "/// The step size η (units: 1).\n/// More."),
            "// A header comment.\n" + baseSource + "\n/* trailing */\n",
        ]
        for edit in edits {
            #expect(edit != baseSource)
            #expect(fingerprint(edit) == base)
        }
    }

    @Test func whitespaceEditsKeepTheDigest() {
        let base = fingerprint(baseSource)
        let reindented = baseSource
            .replacingOccurrences(of: "    return", with: "\t\treturn")
            .replacingOccurrences(of: "x - step * 2 * x", with: "x-step*2*x")
            .replacingOccurrences(of: "\n", with: "\r\n\n")
        #expect(reindented != baseSource)
        #expect(fingerprint(reindented) == base)
    }

    @Test func tokensThatWhitespaceSeparatesStaySeparate() {
        #expect(fingerprint("let x = 1") != fingerprint("letx = 1"))
        #expect(CodeFingerprint.normalized("#define A (x)", language: .c) != CodeFingerprint.normalized("#define A(x)", language: .c))
        #expect(CodeFingerprint.normalized("#define A 1\nint b;", language: .c) == "#define A 1\nint b;")
        #expect(CodeFingerprint.normalized("#define A 1\n\n    int b;  ", language: .c) == "#define A 1\nint b;")
    }

    @Test func codeEditsChangeTheDigest() {
        let base = fingerprint(baseSource)
        #expect(fingerprint(baseSource.replacingOccurrences(of: "let step = 0.5", with: "let step = 0.25")) != base)
        #expect(fingerprint(baseSource.replacingOccurrences(of: "* 2 *", with: "* 3 *")) != base)
        #expect(fingerprint(baseSource.replacingOccurrences(of: "not a comment", with: "not a remark")) != base)
        #expect(fingerprint(baseSource.replacingOccurrences(of: "step: ", with: "step:  ")) != base)
    }

    @Test func stringLiteralsAreKeptVerbatim() {
        #expect(CodeFingerprint.normalized(#"let s = "a // b" // c"#) == #"let s="a // b""#)
        #expect(CodeFingerprint.normalized(#"let s = "q\" /* x */" + "y""#) == #"let s="q\" /* x */"+"y""#)
        #expect(CodeFingerprint.normalized(#"let s = "\(f("a b")) // c" // d"#) == #"let s="\(f("a b")) // c""#)
        let multiline = "let s = \"\"\"\n    a /* b\n    // c \"\n    \"\"\" // d\n"
        #expect(CodeFingerprint.normalized(multiline) == "let s=\"\"\"\n    a /* b\n    // c \"\n    \"\"\"")
        let raw = ##"let s = #"a "/*" \(x) // b"# /* c */"##
        #expect(CodeFingerprint.normalized(raw) == ##"let s=#"a "/*" \(x) // b"#"##)
        let rawMultiline = "let s = #\"\"\"\n  /* \"\"\" */\n  \"\"\"#"
        #expect(CodeFingerprint.normalized(rawMultiline) == "let s=#\"\"\"\n  /* \"\"\" */\n  \"\"\"#")
        #expect(fingerprint(multiline) != fingerprint(multiline.replacingOccurrences(of: "// c", with: "// e")))
        #expect(fingerprint(raw) != fingerprint(raw.replacingOccurrences(of: "// b", with: "// e")))
    }

    @Test func cFilesKeepCharacterLiteralsAndEndBlockCommentsAtTheFirstClose() {
        let c = "char q = '\"'; /* a /* b */ int n = 1; // c\nconst char *s = \"x /* y\";"
        #expect(CodeFingerprint.normalized(c, language: .c) == "char q = '\"'; int n = 1;\nconst char *s = \"x /* y\";")
        #expect(CodeFingerprint.Language(fileName: "CSensingKernels/include/sensing_kernels.h") == .c)
        #expect(CodeFingerprint.Language(fileName: "CSensingKernels/sensing_kernels.c") == .c)
        #expect(CodeFingerprint.Language(fileName: "NumericsCore/BLAS.swift") == .swift)
        let name = "CSensingKernels/sensing_kernels.c"
        let base = CodeFingerprint.digest(files: [(name, c)])
        #expect(CodeFingerprint.digest(files: [(name, c.replacingOccurrences(of: "int n = 1", with: "int n = 2"))]) != base)
        #expect(CodeFingerprint.digest(files: [(name, c.replacingOccurrences(of: "// c", with: "// d"))]) == base)
    }

    @Test func digestIsIndependentOfFileOrderButNotOfNames() {
        let files: [(name: String, text: String)] = [
            ("NumericsCore/Matrix.swift", "struct Matrix {}"),
            ("CSensingKernels/sensing_kernels.c", "int f(void) { return 1; }"),
            ("MatrixSensing/MatrixSensing.swift", baseSource),
        ]
        let digest = CodeFingerprint.digest(files: files)
        #expect(digest.count == 64)
        #expect(CodeFingerprint.digest(files: files.reversed()) == digest)
        #expect(CodeFingerprint.digest(files: [files[1], files[2], files[0]]) == digest)
        var renamed = files
        renamed[0].name = "NumericsCore/Matrices.swift"
        #expect(CodeFingerprint.digest(files: renamed) != digest)
        #expect(CodeFingerprint.digest(files: Array(files.prefix(2))) != digest)
    }
}
