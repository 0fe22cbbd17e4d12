import CLinearAlgebra

/// The OpenBLAS runtime: thread count and build/kernel identification, recorded with
/// every run because results differ in the last bits between thread counts and kernels.
public enum BLASRuntime {
    /// Sets the number of OpenBLAS threads (`openblas_set_num_threads`), clamped to at
    /// least 1. Call it before any BLAS work; it governs LAPACKE calls as well.
    public static func setThreads(_ n: Int) {
        openblas_set_num_threads(Int32(clamping: max(1, n)))
    }

    /// The current number of OpenBLAS threads (`openblas_get_num_threads`).
    public static var threads: Int {
        Int(openblas_get_num_threads())
    }

    /// The OpenBLAS build configuration string (`openblas_get_config`),
    /// e.g. "OpenBLAS 0.3.21 DYNAMIC_ARCH NO_AFFINITY Haswell MAX_THREADS=64".
    public static var config: String {
        guard let cString = openblas_get_config() else { return "" }
        return String(cString: cString)
    }

    /// The CPU kernel OpenBLAS selected at load time (`openblas_get_corename`), e.g. "Haswell".
    public static var coreName: String {
        guard let cString = openblas_get_corename() else { return "" }
        return String(cString: cString)
    }
}
