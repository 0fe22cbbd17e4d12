import ExperimentKit

/// Reads a 2-D float64 array from NumPy's .npy format (versions 1.0, 2.0 and 3.0): the
/// magic "\x93NUMPY", a version, a little-endian header length, a Python-literal header
/// dict {'descr': '<f8', 'fortran_order': bool, 'shape': (n, d)}, then the n·d values in
/// C (row-major) or Fortran (column-major) order. Only little-endian float64 ('<f8') is
/// accepted; every entry must be finite.
public enum NPYReader {
    /// Parses the bytes of a .npy file at `path` (the input's `source`, and the file named in
    /// errors); the input's content hash is the SHA-256 of `bytes`.
    public static func parse(_ bytes: [UInt8], path: String) throws(MatrixFileError) -> MatrixInput {
        func fail(_ reason: String) -> MatrixFileError { .malformedNPY(path: path, reason: reason) }
        let magic: [UInt8] = [0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59]
        guard bytes.count >= 10, Array(bytes[0..<6]) == magic else { throw fail("missing the \\x93NUMPY magic string") }
        let major = bytes[6]
        let headerLength: Int
        let headerStart: Int
        switch major {
        case 1:
            headerLength = Int(bytes[8]) | Int(bytes[9]) << 8
            headerStart = 10
        case 2, 3:
            guard bytes.count >= 12 else { throw fail("truncated header length") }
            headerLength = Int(bytes[8]) | Int(bytes[9]) << 8 | Int(bytes[10]) << 16 | Int(bytes[11]) << 24
            headerStart = 12
        default:
            throw fail("unsupported format version \(major).\(bytes[7])")
        }
        guard bytes.count >= headerStart + headerLength else { throw fail("truncated header") }
        let header = String(decoding: bytes[headerStart..<(headerStart + headerLength)], as: UTF8.self)
        guard let descr = value(of: "descr", in: header) else { throw fail("header has no 'descr'") }
        let type = descr.trimmingQuotes()
        guard type == "<f8" || (isLittleEndianHost && (type == "f8" || type == "=f8")) else {
            throw fail("dtype '\(type)' is not little-endian float64 ('<f8'); save with a.astype('<f8')")
        }
        guard let order = value(of: "fortran_order", in: header) else { throw fail("header has no 'fortran_order'") }
        let fortran: Bool
        switch order {
        case "True": fortran = true
        case "False": fortran = false
        default: throw fail("fortran_order is '\(order)', expected True or False")
        }
        guard let shapeText = value(of: "shape", in: header) else { throw fail("header has no 'shape'") }
        let dims = shapeText.filter { !"() ".contains($0) }.split(separator: ",").map { Int($0) }
        guard dims.count == 2, let n = dims[0], let d = dims[1], n >= 0, d >= 0 else {
            throw fail("shape \(shapeText) is not a 2-D shape (n, d)")
        }
        let dataStart = headerStart + headerLength
        let (count, overflow) = n.multipliedReportingOverflow(by: d)
        let (needed, bytesOverflow) = count.multipliedReportingOverflow(by: 8)
        guard !overflow, !bytesOverflow else { throw fail("shape (\(n), \(d)) is too large") }
        guard bytes.count - dataStart == needed else {
            throw fail("payload has \(bytes.count - dataStart) bytes, shape (\(n), \(d)) needs \(needed)")
        }
        guard count > 0 else { throw .empty(path: path) }
        var flat = [Double](repeating: 0, count: count)
        for k in 0..<count {
            var bits: UInt64 = 0
            for b in 0..<8 { bits |= UInt64(bytes[dataStart + 8 * k + b]) << (8 * UInt64(b)) }
            let v = Double(bitPattern: bits)
            guard v.isFinite else { throw .nonFinite(path: path, location: "entry \(k) (file order)") }
            flat[k] = v
        }
        let hash = RunIdentity.sha256Hex(bytes)
        if fortran { return MatrixInput(rows: n, columns: d, entries: flat, contentHash: hash, source: path) }
        var columnMajor = [Double](repeating: 0, count: count)
        for i in 0..<n { for j in 0..<d { columnMajor[i + j * n] = flat[i * d + j] } }
        return MatrixInput(rows: n, columns: d, entries: columnMajor, contentHash: hash, source: path)
    }

    static var isLittleEndianHost: Bool { 1.littleEndian == 1 }

    /// The raw text of `key`'s value in a Python dict literal: up to the next top-level comma
    /// or closing brace (parentheses kept together).
    static func value(of key: String, in header: String) -> String? {
        guard let keyRange = header.range(of: "'\(key)'") ?? header.range(of: "\"\(key)\"") else { return nil }
        var rest = header[keyRange.upperBound...].drop { $0 == " " }
        guard rest.first == ":" else { return nil }
        rest = rest.dropFirst().drop { $0 == " " }
        var depth = 0
        var out = ""
        for ch in rest {
            if ch == "(" { depth += 1 }
            if ch == ")" { depth -= 1 }
            if depth == 0 && (ch == "," || ch == "}") { break }
            out.append(ch)
        }
        return out.trimming(" ")
    }
}

extension String {
    /// The string without surrounding quote characters.
    fileprivate func trimmingQuotes() -> String {
        var s = Substring(self)
        while let f = s.first, f == "'" || f == "\"" { s = s.dropFirst() }
        while let l = s.last, l == "'" || l == "\"" { s = s.dropLast() }
        return String(s)
    }

    /// The string without leading and trailing characters of `set`.
    fileprivate func trimming(_ set: String) -> String {
        var s = Substring(self)
        while let f = s.first, set.contains(f) { s = s.dropFirst() }
        while let l = s.last, set.contains(l) { s = s.dropLast() }
        return String(s)
    }
}
