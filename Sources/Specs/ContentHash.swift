/// The content hash of a spec file: 64-bit FNV-1a of its bytes, as 16 hex digits.
///
/// A change detector, not a security hash. It lives in this one function so it can be
/// swapped for SHA-256 once ExperimentKit exposes a public `sha256Hex(_:)`.
func contentHash(of bytes: [UInt8]) -> String {
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for byte in bytes {
        hash ^= UInt64(byte)
        hash = hash &* 0x0000_0100_0000_01b3
    }
    let hex = String(hash, radix: 16)
    return String(repeating: "0", count: 16 - hex.count) + hex
}
