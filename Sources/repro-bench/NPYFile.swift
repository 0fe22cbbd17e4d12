import Foundation
import NumericsCore

/// Writes a matrix as a NumPy .npy file (format 1.0, little-endian float64, Fortran order:
/// our column-major storage as is), so a peer can run on the very matrix we run on.
enum NPYFile {
    /// The .npy bytes of `matrix`.
    static func bytes(of matrix: Matrix) -> Data {
        var header = "{'descr': '<f8', 'fortran_order': True, 'shape': (\(matrix.rows), \(matrix.columns)), }"
        // magic (6) + version (2) + length (2) + header + "\n" is a multiple of 64.
        let unpadded = 10 + header.utf8.count + 1
        header += String(repeating: " ", count: (64 - unpadded % 64) % 64) + "\n"
        var data = Data([0x93] + Array("NUMPY".utf8) + [1, 0])
        let length = UInt16(header.utf8.count)
        data.append(contentsOf: [UInt8(length & 0xff), UInt8(length >> 8)])
        data.append(contentsOf: Array(header.utf8))
        #if _endian(little)
        matrix.elements.withUnsafeBytes { data.append(contentsOf: $0) }
        #else
        for value in matrix.elements {
            withUnsafeBytes(of: value.bitPattern.littleEndian) { data.append(contentsOf: $0) }
        }
        #endif
        return data
    }

    /// Writes `matrix` to a new file in the temporary folder and returns its path.
    static func temporary(_ matrix: Matrix, name: String) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("repro-bench-\(ProcessInfo.processInfo.processIdentifier)-\(name).npy").path
        try bytes(of: matrix).write(to: URL(fileURLWithPath: path))
        return path
    }
}
