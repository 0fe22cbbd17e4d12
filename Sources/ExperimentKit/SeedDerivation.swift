import Crypto
import Foundation

/// The one rule by which every seed of `repro` is formed: the first eight bytes, read
/// big-endian, of the SHA-256 of a text of fields joined by NUL characters, the first field
/// naming the purpose. Numbers enter in decimal.
///
/// - run seeds (`RunIdentity`): `instance\0<model>\0<instance parameters>\0<replicate>` and
///   `algorithm\0<model>\0<all parameters>\0<replicate>`;
/// - a further random stream of a run (`stream(_:index:of:)`, `RunSeeds.instanceStream`,
///   `RunSeeds.algorithmStream`): `stream\0<parent seed>\0<label>\0<index>`, so a model that
///   needs several independent generators draws each from its own labelled child of the
///   instance or algorithm seed;
/// - the bootstrap of a claim's verdict: `bootstrap\0<spec id>\0<claim id>`.
///
/// Equal fields give equal seeds on every machine; fields that differ anywhere give
/// unrelated seeds.
public enum SeedDerivation {
    /// The seed of `fields`: the first eight bytes (big-endian) of SHA-256(fields joined by NUL).
    public static func seed(_ fields: [String]) -> UInt64 {
        let digest = SHA256.hash(data: Data(fields.joined(separator: "\u{0}").utf8))
        return digest.prefix(8).reduce(UInt64(0)) { ($0 << 8) | UInt64($1) }
    }

    /// The seed of random stream `label` number `index` derived from `parent`:
    /// `seed(["stream", parent, label, index])`.
    public static func stream(_ label: String, index: Int = 0, of parent: UInt64) -> UInt64 {
        seed(["stream", String(parent), label, String(index)])
    }
}

extension RunSeeds {
    /// The seed of a further random stream of the problem instance (data the ground truth
    /// depends on besides the first draws, e.g. regression targets or one instance per level),
    /// derived from `instance` by `SeedDerivation.stream`.
    public func instanceStream(_ label: String, index: Int = 0) -> UInt64 {
        SeedDerivation.stream(label, index: index, of: instance)
    }

    /// The seed of a further random stream of the algorithm, derived from `algorithm` by
    /// `SeedDerivation.stream`.
    public func algorithmStream(_ label: String, index: Int = 0) -> UInt64 {
        SeedDerivation.stream(label, index: index, of: algorithm)
    }
}
