#ifndef REPRO_SENSING_KERNELS_H
#define REPRO_SENSING_KERNELS_H
/*
 * The products of a fused sensing pass. For a batch: the two products over one block of b measurements stored
 * as columns (column i of A is measurement i, p numbers, leading dimension lda), for B models
 * at once, without the packing a general gemm does (with B ≤ 8 columns a gemm packs every
 * operator element it uses only B times). All matrices column-major.
 *
 * Each call takes the kernel level it may use and runs at most the level this CPU supports:
 * AVX-512 (eight models per register tile), AVX2 + FMA (four models per tile), or portable
 * loops. The levels sum in different orders, so their results agree to rounding, not bit for bit.
 */

enum {
    REPRO_KERNELS_NONE = 0,   /* portable C loops */
    REPRO_KERNELS_AVX2 = 1,   /* AVX2 + FMA */
    REPRO_KERNELS_AVX512 = 2  /* AVX-512 F, DQ and VL (with AVX2 + FMA) */
};

/* The highest level this CPU runs. */
int repro_sensing_kernel_level(void);

/*
 * Residuals: R[i + j*ldr] = sum_e A[e + i*lda] * X[e + j*ldx] - R[i + j*ldr]
 * for i < b, j < B (on entry R holds the measurements y of the block).
 */
void repro_batch_residuals(int level, int p, int b, int B, const double *A, int lda, const double *X, int ldx,
                           double *R, int ldr);

/*
 * Weighted sums: G[e + j*ldg] = beta * G[e + j*ldg] + alpha * sum_i A[e + i*lda] * W[i + j*ldw]
 * for e < p, j < B, i < b. With beta == 0, G is not read (it may hold NaN).
 */
void repro_batch_weighted_sums(int level, int p, int b, int B, double alpha, const double *A, int lda,
                               const double *W, int ldw, double beta, double *G, int ldg);

/*
 * The whole pass for one model: R[i] = <A_i, x> - y[i] and G = alpha * sum_i phi(R[i]) A_i with
 * phi(r) = r (sign == 0) or sign(r) (sign != 0), where A_i is column i of A (p numbers, leading
 * dimension lda), i < m, in blocks of b measurements: each A_i is read from memory once and from
 * cache a second time. G (p numbers) is overwritten; w (b numbers) is scratch. Levels AVX2 and
 * AVX-512 run the same AVX2 kernel (the pass is bound by memory bandwidth).
 */
void repro_fused_single(int level, int p, int m, int b, const double *A, int lda, const double *x, const double *y,
                        int sign, double alpha, double *R, double *G, double *w);

#endif
