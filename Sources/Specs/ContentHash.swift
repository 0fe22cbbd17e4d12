import ExperimentKit

/// The content hash of a spec file: hex SHA-256 of its bytes.
func contentHash(of bytes: [UInt8]) -> String {
    RunIdentity.sha256Hex(bytes)
}
