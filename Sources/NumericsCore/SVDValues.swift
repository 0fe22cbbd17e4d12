import CLinearAlgebra

extension SVD {
    /// Singular values only of matrices of one fixed shape m×n, with every LAPACK workspace
    /// allocated once (`LAPACKE_dgesdd_work`, jobz = "N"). For loops that need σ(A) every
    /// iteration (e.g. a spectral norm ‖A‖₂ = σ₁) without allocating.
    public struct Values: Sendable {
        /// Rows m of the matrices this workspace accepts.
        public let rows: Int
        /// Columns n of the matrices this workspace accepts.
        public let columns: Int
        /// σ₁ ≥ … ≥ σ_k ≥ 0 (k = min(m, n)) of the last matrix passed to `compute`.
        public private(set) var values: [Double]
        /// Copy of the input (dgesdd overwrites it).
        private var scratch: [Double]
        /// Real workspace of the size dgesdd asked for.
        private var work: [Double]
        /// Integer workspace, 8·k entries.
        private var integerWork: [Int32]
        /// Placeholder for the unreferenced U and Vᵀ arguments.
        private var unused: [Double]

        /// Allocates the workspace for m×n matrices (workspace query of `dgesdd`).
        /// Throws `illegalArgument` when LAPACK rejects the query.
        public init(rows: Int, columns: Int) throws(LinearAlgebraError) {
            let routine = "dgesdd"
            self.rows = rows
            self.columns = columns
            let k = min(rows, columns)
            values = [Double](repeating: 0, count: k)
            scratch = [Double](repeating: 0, count: rows * columns)
            integerWork = [Int32](repeating: 0, count: max(1, 8 * k))
            unused = [0]
            work = [0]
            if k == 0 { return }
            let m32 = try LAPACKSupport.int32(rows, routine: routine)
            let n32 = try LAPACKSupport.int32(columns, routine: routine)
            var size = 0.0
            let info = scratch.withUnsafeMutableBufferPointer { pa in
                values.withUnsafeMutableBufferPointer { ps in
                    unused.withUnsafeMutableBufferPointer { pu in
                        integerWork.withUnsafeMutableBufferPointer { pi in
                            LAPACK.gesdd(UInt8(ascii: "N"), m32, n32, pa.baseAddress, m32,
                                                ps.baseAddress, pu.baseAddress, 1, pu.baseAddress, 1,
                                              work: &size, lwork: -1, iwork: pi.baseAddress)
                        }
                    }
                }
            }
            try LAPACKSupport.check(info, routine: routine)
            work = [Double](repeating: 0, count: max(1, Int(size.rounded(.up))))
        }

        /// Computes the singular values of `a` into `values` and returns σ₁ = ‖a‖₂ (0 for an
        /// empty matrix). Does not allocate. Throws `dimensionMismatch` when `a` is not m×n,
        /// `noConvergence` when `info > 0` and `illegalArgument` when `info < 0`. Unlike `SVD`, the
        /// input is not checked for NaN (the `_work` routine skips LAPACKE's check): callers check first.
        @discardableResult
        public mutating func compute(_ a: Matrix) throws(LinearAlgebraError) -> Double {
            let routine = "dgesdd"
            guard a.rows == rows, a.columns == columns else {
                throw .dimensionMismatch(routine: routine, detail: "workspace is for \(rows)×\(columns), A is \(a.rows)×\(a.columns)")
            }
            if values.isEmpty { return 0 }
            let m32 = try LAPACKSupport.int32(rows, routine: routine)
            let n32 = try LAPACKSupport.int32(columns, routine: routine)
            let lwork = try LAPACKSupport.int32(work.count, routine: routine)
            let info = scratch.withUnsafeMutableBufferPointer { pa in
                a.elements.withUnsafeBufferPointer { source in
                    for i in 0..<pa.count { pa[i] = source[i] }
                }
                return values.withUnsafeMutableBufferPointer { ps in
                    unused.withUnsafeMutableBufferPointer { pu in
                        work.withUnsafeMutableBufferPointer { pw in
                            integerWork.withUnsafeMutableBufferPointer { pi in
                                LAPACK.gesdd(UInt8(ascii: "N"), m32, n32, pa.baseAddress, m32,
                                                    ps.baseAddress, pu.baseAddress, 1, pu.baseAddress, 1,
                                              work: pw.baseAddress, lwork: lwork, iwork: pi.baseAddress)
                            }
                        }
                    }
                }
            }
            try LAPACKSupport.check(info, routine: routine) { .noConvergence(routine: routine, info: $0) }
            return values[0]
        }
    }
}
