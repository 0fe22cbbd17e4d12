import ExperimentKit
import Foundation

/// The data layer's reader of matrix files (`ParameterKind.matrixFile`): the file's bytes →
/// a `MatrixInput` carrying the entries and the SHA-256 of the bytes. The spec loader calls it
/// for every path a spec gives such a parameter, so that models receive data, never paths,
/// and run keys hold the content hash.
public enum MatrixFileReader {
    /// Reads the `.npy` (NumPy float64, C or Fortran order) or `.csv` file at `path`; a
    /// relative path is resolved against the current working directory.
    public static func read(path: String) throws(MatrixFileError) -> MatrixInput {
        let url = URL(fileURLWithPath: path)
        let bytes: [UInt8]
        do { bytes = [UInt8](try Data(contentsOf: url)) } catch {
            throw .unreadable(path: path, reason: (error as NSError).localizedDescription)
        }
        switch url.pathExtension.lowercased() {
        case "npy": return try NPYReader.parse(bytes, path: path)
        case "csv": return try CSVMatrixReader.parse(bytes, path: path)
        default: throw .unknownFormat(path: path)
        }
    }
}
