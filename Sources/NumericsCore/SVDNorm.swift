import CLinearAlgebra

extension SVD {
    /// The spectral norm ‖A‖₂ = σ₁(A) = √λ_max(AᵀA) of matrices of one fixed shape m×n, from the
    /// top eigenvalue only of the Gram matrix (`cblas_dsyrk`, then `LAPACKE_dsyevr_work` with
    /// range "I", il = iu = n, no eigenvectors), with every workspace allocated once. Cheaper per
    /// call than all singular values; relative accuracy about machine precision, since λ_max(AᵀA)
    /// is perfectly conditioned.
    public struct Norm: Sendable {
        /// Rows m of the matrices this workspace accepts.
        public let rows: Int
        /// Columns n of the matrices this workspace accepts.
        public let columns: Int
        /// AᵀA, n×n (upper triangle; dsyevr overwrites it).
        private var gram: [Double]
        /// The eigenvalue found (length n as dsyevr requires).
        private var eigenvalues: [Double]
        /// Placeholder for the unreferenced eigenvectors.
        private var unusedVectors: [Double]
        /// Support of the unreferenced eigenvectors.
        private var support: [Int32]
        /// Real workspace of the size dsyevr asked for.
        private var work: [Double]
        /// Integer workspace of the size dsyevr asked for.
        private var integerWork: [Int32]

        /// Allocates the workspace for m×n matrices (workspace query of `dsyevr`).
        /// Throws `illegalArgument` when LAPACK rejects the query.
        public init(rows: Int, columns: Int) throws(LinearAlgebraError) {
            self.rows = rows
            self.columns = columns
            gram = [Double](repeating: 0, count: columns * columns)
            eigenvalues = [Double](repeating: 0, count: max(1, columns))
            unusedVectors = [Double](repeating: 0, count: max(1, columns))
            support = [0, 0]
            work = [0]
            integerWork = [0]
            if rows == 0 || columns == 0 { return }
            var size = 0.0
            var integerSize: Int32 = 0
            try call(lwork: -1, liwork: -1, work: &size, integerWork: &integerSize)
            work = [Double](repeating: 0, count: max(1, Int(size.rounded(.up))))
            integerWork = [Int32](repeating: 0, count: max(1, Int(integerSize)))
        }

        /// ‖a‖₂ (0 for an empty matrix). Does not allocate. Throws `dimensionMismatch` when `a`
        /// is not m×n, `noConvergence` when dsyevr fails. The input is not checked for NaN.
        public mutating func compute(_ a: Matrix) throws(LinearAlgebraError) -> Double {
            let routine = "dsyevr"
            guard a.rows == rows, a.columns == columns else {
                throw .dimensionMismatch(routine: routine, detail: "workspace is for \(rows)×\(columns), A is \(a.rows)×\(a.columns)")
            }
            if rows == 0 || columns == 0 { return 0 }
            let n32 = try LAPACKSupport.int32(columns, routine: routine)
            let k32 = try LAPACKSupport.int32(rows, routine: routine)
            a.elements.withUnsafeBufferPointer { pa in
                gram.withUnsafeMutableBufferPointer { pg in
                    BLAS.syrk(.upper, .transpose, n: n32, k: k32, alpha: 1, a: pa.baseAddress, lda: k32, beta: 0, c: pg.baseAddress, ldc: n32)
                }
            }
            let lwork = try LAPACKSupport.int32(work.count, routine: routine)
            let liwork = try LAPACKSupport.int32(integerWork.count, routine: routine)
            var w = work, iw = integerWork
            work = []
            integerWork = []
            defer {
                work = w
                integerWork = iw
            }
            try w.withUnsafeMutableBufferPointer { (pw) throws(LinearAlgebraError) in
                try iw.withUnsafeMutableBufferPointer { (pi) throws(LinearAlgebraError) in
                    guard let wp = pw.baseAddress, let ip = pi.baseAddress else { return }
                    try call(lwork: lwork, liwork: liwork, work: wp, integerWork: ip)
                }
            }
            return max(eigenvalues[0], 0).squareRoot()
        }

        /// One dsyevr call on `gram` for the largest eigenvalue (lwork = liwork = −1: a query).
        private mutating func call(
            lwork: Int32, liwork: Int32, work: UnsafeMutablePointer<Double>, integerWork: UnsafeMutablePointer<Int32>
        ) throws(LinearAlgebraError) {
            let routine = "dsyevr"
            let n32 = try LAPACKSupport.int32(columns, routine: routine)
            var found: Int32 = 0
            let info = gram.withUnsafeMutableBufferPointer { pg in
                eigenvalues.withUnsafeMutableBufferPointer { pe in
                    unusedVectors.withUnsafeMutableBufferPointer { pz in
                        support.withUnsafeMutableBufferPointer { ps in
                            LAPACK.syevr(UInt8(ascii: "N"), UInt8(ascii: "I"), .upper, n32, pg.baseAddress, n32,
                                         il: n32, iu: n32, m: &found, w: pe.baseAddress, z: pz.baseAddress, ldz: 1,
                                         isuppz: ps.baseAddress, work: work, lwork: lwork,
                                         iwork: integerWork, liwork: liwork)
                        }
                    }
                }
            }
            try LAPACKSupport.check(info, routine: routine) { .noConvergence(routine: routine, info: $0) }
        }
    }
}
