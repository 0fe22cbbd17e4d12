import Crypto
import Foundation

/// Identity and seeds of a run, per DESIGN.md "Seeds and run identity":
/// - run key = SHA-256(model, model version, canonical parameters, replicate);
/// - instance seed = hash(model, instance parameters, replicate);
/// - algorithm seed = hash(model, all parameters, replicate).
/// Sweep points that differ only in algorithm parameters share their instance seed, so they
/// see the same ground truth and measurements (common random numbers). The seeds follow
/// `SeedDerivation`, the rule of every seed. A file input enters the canonical parameters by
/// its content hash (`MatrixInput.canonicalText`), not its path.
public struct RunIdentity: Sendable, Hashable {
    /// Hex SHA-256 of the run's identity; the store's primary key.
    public let key: String
    /// The run's two seeds.
    public let seeds: RunSeeds

    /// Computes the identity of replicate `replicate` (0-based) of `parameters`, which must
    /// be resolved by `schema` (every parameter present, canonical form).
    public init(schema: ModelSchema, parameters: ParameterSet, replicate: Int) {
        let all = parameters.canonicalJSON
        let instance = parameters.restricted(to: schema.instanceParameterNames).canonicalJSON
        key = Self.hex(Self.digest("run\u{0}\(schema.name)\u{0}\(schema.version)\u{0}\(all)\u{0}\(replicate)"))
        seeds = RunSeeds(
            instance: SeedDerivation.seed(["instance", schema.name, instance, String(replicate)]),
            algorithm: SeedDerivation.seed(["algorithm", schema.name, all, String(replicate)]))
    }

    static func digest(_ text: String) -> [UInt8] {
        Array(SHA256.hash(data: Data(text.utf8)))
    }

    /// Hex SHA-256 of arbitrary bytes (a spec file's content hash).
    public static func sha256Hex(_ bytes: [UInt8]) -> String {
        hex(Array(SHA256.hash(data: bytes)))
    }

    static func hex(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef")
        var s = ""
        s.reserveCapacity(bytes.count * 2)
        for b in bytes {
            s.append(digits[Int(b >> 4)])
            s.append(digits[Int(b & 0xF)])
        }
        return s
    }
}
