import CLinearAlgebra

extension QR {
    /// The orthonormal factor Q of the thin QR factorization A = Q·R of m×n matrices of one fixed
    /// shape (m ≥ n), with every LAPACK workspace allocated once (`LAPACKE_dgeqrf_work`, then
    /// `LAPACKE_dorgqr_work`). For loops that need an orthonormal basis of a column space at
    /// every recorded step without allocating; `QR` is the one-shot form that also returns R.
    public struct ThinQ: Sendable {
        /// Rows m of the matrices this workspace accepts.
        public let rows: Int
        /// Columns n ≤ m of the matrices this workspace accepts.
        public let columns: Int
        /// Q, m×n with orthonormal columns spanning the columns of the last matrix factorized.
        public private(set) var q: Matrix
        /// Householder scalars τ, n entries.
        private var tau: [Double]
        /// Real workspace, the larger of the sizes dgeqrf and dorgqr asked for.
        private var work: [Double]

        /// Allocates the workspace for m×n matrices (workspace queries of dgeqrf and dorgqr).
        /// Throws `dimensionMismatch` when n > m and `illegalArgument` when LAPACK rejects a query.
        public init(rows: Int, columns: Int) throws(LinearAlgebraError) {
            guard columns <= rows else {
                throw .dimensionMismatch(routine: "dgeqrf", detail: "thin Q needs m ≥ n, got \(rows)×\(columns)")
            }
            self.rows = rows
            self.columns = columns
            q = Matrix(rows: rows, columns: columns)
            tau = [Double](repeating: 0, count: max(1, columns))
            work = [0]
            if columns == 0 { return }
            let m32 = try LAPACKSupport.int32(rows, routine: "dgeqrf")
            let n32 = try LAPACKSupport.int32(columns, routine: "dgeqrf")
            var factorSize = 0.0, formSize = 0.0
            let info = q.elements.withUnsafeMutableBufferPointer { pa in
                tau.withUnsafeMutableBufferPointer { pt in
                    LAPACK.geqrf(m32, n32, pa.baseAddress, m32, pt.baseAddress, work: &factorSize, lwork: -1)
                }
            }
            try LAPACKSupport.check(info, routine: "dgeqrf")
            let formInfo = q.elements.withUnsafeMutableBufferPointer { pa in
                tau.withUnsafeMutableBufferPointer { pt in
                    LAPACK.orgqr(m32, n32, n32, pa.baseAddress, m32, pt.baseAddress, work: &formSize, lwork: -1)
                }
            }
            try LAPACKSupport.check(formInfo, routine: "dorgqr")
            work = [Double](repeating: 0, count: max(1, Int(max(factorSize, formSize).rounded(.up))))
        }

        /// Overwrites `q` with the Q factor of `a` (same columns span, orthonormal). Does not
        /// allocate. Throws `dimensionMismatch` when `a` is not m×n and `illegalArgument` when a
        /// routine reports `info < 0`. The input is not checked for NaN (the `_work` routines skip
        /// LAPACKE's check): callers check first.
        public mutating func factor(_ a: Matrix) throws(LinearAlgebraError) {
            guard a.rows == rows, a.columns == columns else {
                throw .dimensionMismatch(routine: "dgeqrf", detail: "workspace is for \(rows)×\(columns), A is \(a.rows)×\(a.columns)")
            }
            if columns == 0 { return }
            let m32 = try LAPACKSupport.int32(rows, routine: "dgeqrf")
            let n32 = try LAPACKSupport.int32(columns, routine: "dgeqrf")
            let lwork = try LAPACKSupport.int32(work.count, routine: "dgeqrf")
            let (factorInfo, formInfo) = q.elements.withUnsafeMutableBufferPointer { pq in
                a.elements.withUnsafeBufferPointer { source in
                    for i in 0..<pq.count { pq[i] = source[i] }
                }
                return tau.withUnsafeMutableBufferPointer { pt in
                    work.withUnsafeMutableBufferPointer { pw in
                        let factored = LAPACK.geqrf(m32, n32, pq.baseAddress, m32, pt.baseAddress, work: pw.baseAddress, lwork: lwork)
                        if factored != 0 { return (factored, Int32(0)) }
                        return (factored, LAPACK.orgqr(m32, n32, n32, pq.baseAddress, m32,
                                                              pt.baseAddress, work: pw.baseAddress, lwork: lwork))
                    }
                }
            }
            try LAPACKSupport.check(factorInfo, routine: "dgeqrf")
            try LAPACKSupport.check(formInfo, routine: "dorgqr")
        }
    }
}
