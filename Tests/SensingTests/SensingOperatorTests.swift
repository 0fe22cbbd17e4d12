import NumericsCore
@testable import Sensing
import Testing

/// The packed symmetric operator and the fused pass equal the full-operator computations.
@Suite struct SensingOperatorTests {
    /// n×n Gaussian matrices A₁…A_m as the columns of an n²×m matrix, and a random symmetric M.
    func draw(n: Int, m: Int, seed: UInt64) -> (operator: Matrix, symmetric: Matrix) {
        var g = Xoshiro256StarStar(seed: seed)
        let a = Matrix.gaussian(rows: n * n, columns: m, using: &g)
        let b = Matrix.gaussian(rows: n, columns: n, using: &g)
        return (a, b + b.transposed)
    }

    /// ⟨Aᵢ, M⟩ entry by entry from column i of the n²×m operator.
    func fullInner(_ a: Matrix, _ i: Int, _ m: Matrix) -> Double {
        var sum = 0.0
        for k in 0..<m.columns { for j in 0..<m.rows { sum += a[j + k * m.rows, i] * m[j, k] } }
        return sum
    }

    @Test func packedInnerProductEqualsTheFullOne() throws {
        let n = 6, m = 9
        let (a, sym) = draw(n: n, m: m, seed: 3)
        let packed = SymmetricSensingOperator(measurementColumns: a, n: n)
        #expect(packed.packedCount == n * (n + 1) / 2)
        let y = try packed.apply(sym)
        for i in 0..<m {
            #expect(abs(y[i] - fullInner(a, i, sym)) <= 1e-12 * (1 + abs(y[i])))
        }
    }

    @Test func theTwoConstructorsPackTheSameMatrices() {
        let n = 5, m = 7
        var g = Xoshiro256StarStar(seed: 11)
        let columns = Matrix.gaussian(rows: n * n, columns: m, using: &g)
        var h = Xoshiro256StarStar(seed: 11)
        let drawn = SymmetricSensingOperator(gaussianWithSide: n, measurementCount: m, using: &h)
        let fromColumns = SymmetricSensingOperator(measurementColumns: columns, n: n)
        #expect(drawn.packed == fromColumns.packed)
        // Pᵢ[jk] = (Aᵢ)_jk + (Aᵢ)_kj off the diagonal, (Aᵢ)_kk on it.
        let i = 4
        let index = SymmetricSensingOperator.packedIndex(row: 1, column: 3)
        #expect(fromColumns.packed[index, i] == columns[1 + 3 * n, i] + columns[3 + 1 * n, i])
        #expect(fromColumns.packed[SymmetricSensingOperator.packedIndex(row: 2, column: 2), i] == columns[2 + 2 * n, i])
    }

    /// Residuals 𝒜(M) − y and α·Σ φ(rᵢ)·sym(Aᵢ) of the fused pass, over several blocks (the
    /// last one odd) and batches of 1 (gemv), 3, 6 and 8 (the batch kernels' four-model groups
    /// and their remainders; p = 15 leaves tails of 3 and 7 entries), equal the entry-by-entry
    /// full computation.
    @Test(arguments: [MeasurementWeight.residual, .sign], [1, 3, 6, 8])
    func fusedPassEqualsTheFullComputation(weight: MeasurementWeight, batch: Int) throws {
        let n = 5, m = 23, alpha = 0.7
        let (a, _) = draw(n: n, m: m, seed: 5)
        var g = Xoshiro256StarStar(seed: 6)
        let y = (0..<m).map { _ in g.nextNormal() }
        let op = SymmetricSensingOperator(measurementColumns: a, n: n)
        var workspace = op.makeWorkspace(batch: batch, blockSize: 4)
        var models: [Matrix] = []
        for j in 0..<batch {
            let b = Matrix.gaussian(rows: n, columns: n, using: &g)
            models.append(b + b.transposed)
            op.pack(models[j], into: &workspace.models, column: j)
        }
        try op.fusedPass(measurements: y, weight: weight, scale: alpha, workspace: &workspace)
        var unpacked = Matrix(rows: n, columns: n)
        for j in 0..<batch {
            var expected = Matrix(rows: n, columns: n)
            for i in 0..<m {
                let r = fullInner(a, i, models[j]) - y[i]
                #expect(abs(workspace.residuals[i, j] - r) <= 1e-12 * (1 + abs(r)))
                let w = weight == .sign ? (r > 0 ? 1.0 : -1.0) : r
                for k in 0..<n {
                    for l in 0..<n { expected[l, k] += alpha * w * 0.5 * (a[l + k * n, i] + a[k + l * n, i]) }
                }
            }
            op.unpackWeightedSum(workspace.weightedSum, column: j, into: &unpacked)
            #expect(unpacked.isApproximatelyEqual(to: expected, tolerance: 1e-12 * (1 + expected.frobeniusNorm)))
        }
    }

    /// The dense operator's pass gives R = 𝒜(M) − y and α·Σ φ(rᵢ)Aᵢ (not symmetrized) for
    /// non-symmetric M (gemv for one model, the batch kernels or gemm for more), with p = 25 and
    /// blocks of 5 (odd).
    @Test(arguments: [1, 3, 5, 8])
    func densePassEqualsTheFullComputation(batch: Int) throws {
        let n = 5, m = 19, alpha = 0.3
        let (a, _) = draw(n: n, m: m, seed: 8)
        var g = Xoshiro256StarStar(seed: 9)
        let y = (0..<m).map { _ in g.nextNormal() }
        let op = DenseSensingOperator(measurementColumns: a, n: n)
        var workspace = op.makeWorkspace(batch: batch, blockSize: 5)
        let models = Matrix.gaussian(rows: n * n, columns: batch, using: &g)
        workspace.models = models
        try op.fusedPass(measurements: y, weight: .sign, scale: alpha, workspace: &workspace)
        for j in 0..<batch {
            let mj = Matrix(rows: n, columns: n, columnMajor: models.column(j))
            var expected = [Double](repeating: 0, count: n * n)
            for i in 0..<m {
                let r = fullInner(a, i, mj) - y[i]
                #expect(abs(workspace.residuals[i, j] - r) <= 1e-12 * (1 + abs(r)))
                for e in 0..<(n * n) { expected[e] += alpha * (r > 0 ? 1 : -1) * a[e, i] }
            }
            let got = workspace.weightedSum.column(j)
            #expect(zip(got, expected).allSatisfy { abs($0 - $1) <= 1e-12 })
        }
    }

    /// Every code path of the pass this CPU runs (BLAS, the AVX2 kernels, the AVX-512 kernels)
    /// agrees with the BLAS path within 1e-12 relative on residuals and weighted sums (they
    /// differ only in the order of the sums), and each path run twice agrees bit for bit. With
    /// n = 30 (p = 465 packed numbers: two slices of the AVX-512 residual kernel and a one-number
    /// tail) and blocks of 100 measurements (two sub-blocks of 48 and one of 4), and with n = 8
    /// (p = 36, one slice) in one block of 300, batches of 1, 5 (a partial group) and 8 cover
    /// every tile and remainder of both kernel families.
    @Test(arguments: [MeasurementWeight.residual, .sign], [1, 5, 8])
    func everyKernelPathAgreesWithBLAS(weight: MeasurementWeight, batch: Int) throws {
        for (n, m, blockSize) in [(30, 230, 100), (8, 300, 300)] {
            let (a, _) = draw(n: n, m: m, seed: 21)
            var g = Xoshiro256StarStar(seed: 22)
            let y = (0..<m).map { _ in g.nextNormal() }
            let op = SymmetricSensingOperator(measurementColumns: a, n: n)
            var workspace = op.makeWorkspace(batch: batch, blockSize: blockSize)
            workspace.models = Matrix.gaussian(rows: op.packedCount, columns: batch, using: &g)
            try expectEveryPathAgreesWithBLAS(op.packed.elements, measurements: y, weight: weight, workspace: workspace)
        }
    }

    /// The same for the dense operator (p = n² = 289: two slices, a one-number tail), a batch
    /// of 7 in blocks of 53 measurements.
    @Test func denseKernelPathsAgreeWithBLAS() throws {
        let n = 17, m = 160, batch = 7
        let (a, _) = draw(n: n, m: m, seed: 31)
        var g = Xoshiro256StarStar(seed: 32)
        let y = (0..<m).map { _ in g.nextNormal() }
        var workspace = DenseSensingOperator(measurementColumns: a, n: n).makeWorkspace(batch: batch, blockSize: 53)
        workspace.models = Matrix.gaussian(rows: n * n, columns: batch, using: &g)
        try expectEveryPathAgreesWithBLAS(a.elements, measurements: y, weight: .sign, workspace: workspace)
    }

    /// Runs the pass from `workspace` on the BLAS path and on every kernel path of this CPU
    /// (each twice) and compares them.
    func expectEveryPathAgreesWithBLAS(
        _ elements: [Double], measurements y: [Double], weight: MeasurementWeight, workspace start: SensingPassWorkspace
    ) throws {
        let alpha = 0.37
        var blas = start
        try FusedSensingPass.run(elements, measurements: y, weight: weight, scale: alpha, workspace: &blas, kernels: .blas)
        #expect(blas.weightedSum.frobeniusNorm > 1)
        for kernels in SensingKernels.available where kernels != .blas {
            var first = start, second = start
            try FusedSensingPass.run(elements, measurements: y, weight: weight, scale: alpha, workspace: &first,
                                     kernels: kernels)
            try FusedSensingPass.run(elements, measurements: y, weight: weight, scale: alpha, workspace: &second,
                                     kernels: kernels)
            #expect(first.residuals.isApproximatelyEqual(to: blas.residuals,
                                                         tolerance: 1e-12 * blas.residuals.frobeniusNorm), "\(kernels)")
            #expect(first.weightedSum.isApproximatelyEqual(to: blas.weightedSum,
                                                           tolerance: 1e-12 * blas.weightedSum.frobeniusNorm), "\(kernels)")
            #expect(first.residuals.elements == second.residuals.elements, "\(kernels)")
            #expect(first.weightedSum.elements == second.weightedSum.elements, "\(kernels)")
        }
    }
}
