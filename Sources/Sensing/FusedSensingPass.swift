import CSensingKernels
import Foundation
import NumericsCore

/// The weight function φ of a fused pass: wᵢ = φ(rᵢ) for the residual rᵢ = ⟨Aᵢ, M⟩ − yᵢ.
public enum MeasurementWeight: Sendable, Hashable {
    /// wᵢ = rᵢ: the gradient of the squared loss (matrix sensing, ℓ2 descent).
    case residual
    /// wᵢ = sign(rᵢ) ∈ {−1, 0, 1}: the sub-gradient of the ℓ1 loss (SubGM).
    case sign
}

/// The buffers of a fused pass over a measurement operator for a batch of B models, allocated
/// once: the models go in, the residuals and the weighted sum come out. Reused for every
/// pass, so an iteration loop that calls `fusedPass` does not allocate.
public struct SensingPassWorkspace: Sendable {
    /// m, the number of measurements.
    public let measurementCount: Int
    /// p, the numbers per measurement (n(n+1)/2 packed, n² dense).
    public let entriesPerMeasurement: Int
    /// B, the number of models the buffers hold.
    public let batch: Int
    /// How many models the next pass computes: the first `activeBatch` columns of `models`
    /// (1 ≤ activeBatch ≤ B; B at first). A batch whose points stop at different iterations
    /// moves its still-running models to the front and passes only those, so a stopped point
    /// costs nothing.
    public var activeBatch: Int {
        get { active }
        set { active = max(1, min(batch, newValue)) }
    }
    /// Storage of `activeBatch`.
    private var active: Int
    /// Measurements per block: a block of the operator (p·b doubles) stays in the L2 cache
    /// between the residual product and the weighted-sum product.
    public let blockSize: Int
    /// The B models, one per column (packed M or vec(M)), p×B. The caller writes them.
    public var models: Matrix
    /// R = 𝒜(M) − y, m×B: column j holds the residuals of model j.
    public internal(set) var residuals: Matrix
    /// α·Σᵢ φ(rᵢ)·(row or column i of the operator), p×B: column j belongs to model j.
    public internal(set) var weightedSum: Matrix
    /// φ(R) of one block, b×B.
    var weights: [Double]

    /// The L2-resident block size in bytes: half the L2 cache of one core as the C library
    /// reports it (`sysconf(_SC_LEVEL2_CACHE_SIZE)`; 512 KiB on the AMD EPYC this was tuned on,
    /// where `lscpu`'s "1 MiB" is the total of two cores), 256 KiB when it reports nothing. The
    /// other half leaves room for the models, the weights and the sums.
    static let blockBytes: Int = {
        let l2 = sysconf(Int32(_SC_LEVEL2_CACHE_SIZE))
        return l2 >= 64 * 1024 ? l2 / 2 : 256 * 1024
    }()

    /// Allocates the buffers for m measurements of p numbers each and a batch of B models;
    /// `blockSize` (measurements per block) defaults to the L2-resident size.
    init(measurementCount m: Int, entriesPerMeasurement p: Int, batch: Int, blockSize: Int?) {
        measurementCount = m
        entriesPerMeasurement = p
        self.batch = batch
        active = max(1, batch)
        let preferred = blockSize ?? Self.blockBytes / max(1, 8 * p)
        self.blockSize = max(1, min(m, preferred))
        models = Matrix(rows: p, columns: batch)
        residuals = Matrix(rows: m, columns: batch)
        weightedSum = Matrix(rows: p, columns: batch)
        weights = [Double](repeating: 0, count: self.blockSize * batch)
    }
}

extension SensingPassWorkspace {
    /// Σᵢ rᵢ² (`squared`) or Σᵢ |rᵢ| over the residuals of model j (column j of `residuals`).
    public func residualSum(column j: Int, squared: Bool) -> Double {
        let m = residuals.rows
        return residuals.elements.withUnsafeBufferPointer { r in
            var sum = 0.0
            for i in (j * m)..<((j + 1) * m) { sum += squared ? r[i] * r[i] : abs(r[i]) }
            return sum
        }
    }
}

/// The code path of a fused pass: the BLAS calls (gemv, gemm) or a level of the C kernels of
/// `CSensingKernels`. The paths sum in different orders, so they agree to rounding; the same
/// path run twice agrees bit for bit.
public enum SensingKernels: Int32, Sendable, CaseIterable, Comparable {
    /// gemv for one model, gemm for a batch, block by block.
    case blas = 0
    /// AVX2 + FMA kernels: four models per register tile.
    case avx2 = 1
    /// AVX-512 kernels for a batch: eight models per register tile of 24 registers (one
    /// model runs the AVX2 kernel: its pass is bound by memory bandwidth, not arithmetic).
    case avx512 = 2

    /// The highest path this CPU runs.
    public static let best = SensingKernels(rawValue: repro_sensing_kernel_level()) ?? .blas

    /// The paths this CPU runs, from `.blas` to `best`.
    public static var available: [SensingKernels] { allCases.filter { $0 <= best } }

    public static func < (a: SensingKernels, b: SensingKernels) -> Bool { a.rawValue < b.rawValue }
}

/// The fused residual/weighted-sum pass shared by the packed symmetric and the dense
/// operators: for each block of measurements, R_blk = 𝒜_blk(M) − y_blk, W = φ(R_blk), then
/// G += α·𝒜_blkᵀ(W), so each block is read from memory once and reused from cache. The
/// operator is stored p×m, column i holding measurement i, so a block is contiguous.
enum FusedSensingPass {
    /// Runs the pass on `operatorElements` (p×m, column-major) with the models, residual and
    /// sum buffers of `workspace`, for its first `activeBatch` models: with the kernels of
    /// `CSensingKernels` at level `kernels` (this CPU's best by default) block by block (one
    /// model: blocks of at most 16 measurements); at level `.blas`, gemv (one model) or gemm,
    /// block by block. Does not allocate.
    static func run(
        _ operatorElements: [Double], measurements y: [Double], weight: MeasurementWeight,
        scale alpha: Double, workspace w: inout SensingPassWorkspace, kernels: SensingKernels = .best
    ) throws(LinearAlgebraError) {
        let routine = "fused sensing pass"
        let m = w.measurementCount, p = w.entriesPerMeasurement, capacity = w.batch, blockSize = w.blockSize
        guard operatorElements.count == m * p, y.count == m, w.models.rows == p, w.models.columns == capacity else {
            throw .dimensionMismatch(
                routine: routine,
                detail: "operator has \(operatorElements.count) entries for m = \(m), p = \(p); y has \(y.count); "
                    + "models are \(w.models.rows)×\(w.models.columns) for batch \(capacity)")
        }
        if m == 0 || capacity == 0 || p == 0 { return }
        let batch = w.activeBatch
        let p32 = try LAPACKSupport.int32(p, routine: routine)
        let m32 = try LAPACKSupport.int32(m, routine: routine)
        let batch32 = try LAPACKSupport.int32(batch, routine: routine)
        _ = try LAPACKSupport.int32(blockSize * max(p, batch), routine: routine)
        let models = w.models
        let level = kernels.rawValue, useKernels = kernels != .blas
        operatorElements.withUnsafeBufferPointer { opBuffer in
        models.elements.withUnsafeBufferPointer { modelBuffer in
        y.withUnsafeBufferPointer { yBuffer in
        w.residuals.elements.withUnsafeMutableBufferPointer { residualBuffer in
        w.weightedSum.elements.withUnsafeMutableBufferPointer { sumBuffer in
        w.weights.withUnsafeMutableBufferPointer { weightBuffer in
            guard let op = opBuffer.baseAddress, let mp = modelBuffer.baseAddress, let yp = yBuffer.baseAddress,
                  let rp = residualBuffer.baseAddress, let gp = sumBuffer.baseAddress,
                  let wp = weightBuffer.baseAddress else { return }
            // One model with the kernels: the whole pass in blocks of at most 16 measurements
            // (a block stays in L2 while its weighted sum is added), each measurement read from
            // memory once and from cache once.
            if batch == 1 && useKernels {
                repro_fused_single(level, p32, m32, Int32(min(16, blockSize)), op, p32, mp, yp, weight == .sign ? 1 : 0, alpha,
                                   rp, gp, wp)
                return
            }
            // Otherwise block by block: a batch with the unpacked kernels (a gemm with B ≤ 8
            // columns packs every block it uses only B times), or gemv / gemm.
            var start = 0
            while start < m {
                let b = min(blockSize, m - start)
                let b32 = Int32(b)
                for j in 0..<batch {
                    (rp + start + j * m).update(from: yp + start, count: b)
                }
                let beta: Double = start == 0 ? 0 : 1
                let block = op + start * p
                if batch == 1 {
                    BLAS.gemv(.transpose, m: p32, n: b32, alpha: 1, a: block, lda: p32, x: mp, beta: -1, y: rp + start)
                } else if useKernels {
                    repro_batch_residuals(level, p32, b32, batch32, block, p32, mp, p32, rp + start, m32)
                } else {
                    BLAS.gemm(.transpose, .none, m: b32, n: batch32, k: p32, alpha: 1, a: block, lda: p32,
                              b: mp, ldb: p32, beta: -1, c: rp + start, ldc: m32)
                }
                applyWeight(weight, residuals: rp + start, stride: m, rows: b, columns: batch, into: wp)
                if batch == 1 {
                    BLAS.gemv(.none, m: p32, n: b32, alpha: alpha, a: block, lda: p32, x: wp, beta: beta, y: gp)
                } else if useKernels {
                    repro_batch_weighted_sums(level, p32, b32, batch32, alpha, block, p32, wp, b32, beta, gp, p32)
                } else {
                    BLAS.gemm(.none, .none, m: p32, n: batch32, k: b32, alpha: alpha, a: block, lda: p32,
                              b: wp, ldb: b32, beta: beta, c: gp, ldc: p32)
                }
                start += b
            }
        }
        }
        }
        }
        }
        }
    }


    /// W = φ(R_blk) for a rows×columns block of residuals stored with column stride `stride`,
    /// written densely (leading dimension `rows`).
    static func applyWeight(
        _ weight: MeasurementWeight, residuals r: UnsafeMutablePointer<Double>, stride: Int, rows: Int, columns: Int,
        into w: UnsafeMutablePointer<Double>
    ) {
        for j in 0..<columns {
            let source = r + j * stride, target = w + j * rows
            switch weight {
            case .residual:
                target.update(from: source, count: rows)
            case .sign:
                for i in 0..<rows {
                    let v = source[i]
                    target[i] = v > 0 ? 1 : (v < 0 ? -1 : 0)
                }
            }
        }
    }
}
