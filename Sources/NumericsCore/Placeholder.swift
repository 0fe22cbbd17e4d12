import CLinearAlgebra
/// Placeholder; replaced by the module's implementation.
enum _NumericsCorePlaceholder {
    static func config() -> String { String(cString: openblas_get_config()) }
    static func info() -> Int32 { var a = [4.0]; return LAPACKE_dpotrf(LAPACK_COL_MAJOR, CChar(UInt8(ascii: "U")), 1, &a, 1) }
}
