import Foundation

/// A run's metrics as one row of table `metrics`: the names' ids (table `names`) as unsigned
/// LEB128 varints, in increasing order of id, and the values as little-endian IEEE 754 doubles
/// in the same order (every bit kept: NaN payloads, -0.0, ±infinity).
struct PackedMetrics: Equatable {
    var nameIDs: Data
    var values: Data

    /// Packs `metrics` (name id → value).
    init(_ metrics: [Int64: Double]) {
        let ids = metrics.keys.sorted()
        var names = Data()
        for id in ids {
            var v = UInt64(id)
            repeat {
                let byte = UInt8(v & 0x7f)
                v >>= 7
                names.append(v == 0 ? byte : byte | 0x80)
            } while v != 0
        }
        nameIDs = names
        values = PackedSeries.pack(ids.map { (metrics[$0] ?? .nan).bitPattern })
    }

    /// A row's columns.
    init(nameIDs: Data, values: Data) {
        self.nameIDs = nameIDs
        self.values = values
    }

    /// Name id → value; throws when the row's two arrays do not fit together.
    func unpacked() throws(CorruptValue) -> [Int64: Double] {
        var ids: [Int64] = []
        var v: UInt64 = 0, shift: UInt64 = 0
        for byte in nameIDs {
            guard shift < 63 else { throw CorruptValue(message: "metric name ids are not varints") }
            v |= UInt64(byte & 0x7f) << shift
            if byte & 0x80 == 0 {
                ids.append(Int64(bitPattern: v))
                v = 0
                shift = 0
            } else {
                shift += 7
            }
        }
        let words = PackedSeries.unpack(values)
        guard shift == 0, values.count == 8 * ids.count, words.count == ids.count else {
            throw CorruptValue(message: "metrics row has \(ids.count) names but \(values.count / 8) values")
        }
        var out: [Int64: Double] = [:]
        for (id, word) in zip(ids, words) { out[id] = Double(bitPattern: word) }
        return out
    }
}
