#include "sensing_kernels.h"

#include <stddef.h>

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#include <immintrin.h>
#define REPRO_KERNELS_X86 1
#define TARGET __attribute__((target("avx2,fma")))
#else
#define REPRO_KERNELS_X86 0
#endif

int repro_sensing_kernel_level(void) {
#if REPRO_KERNELS_X86
    __builtin_cpu_init();
    if (!__builtin_cpu_supports("avx2") || !__builtin_cpu_supports("fma")) return REPRO_KERNELS_NONE;
    if (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512dq") && __builtin_cpu_supports("avx512vl"))
        return REPRO_KERNELS_AVX512;
    return REPRO_KERNELS_AVX2;
#else
    return REPRO_KERNELS_NONE;
#endif
}

/* phi(r): r, or sign(r) in {-1, 0, 1}. */
static inline double measurement_weight(double r, int sign) {
    return sign ? (r > 0 ? 1.0 : (r < 0 ? -1.0 : 0.0)) : r;
}

#if REPRO_KERNELS_X86

/* The sum of the four lanes of v. */
TARGET static inline double lane_sum(__m256d v) {
    __m128d low = _mm256_castpd256_pd128(v);
    __m128d high = _mm256_extractf128_pd(v, 1);
    low = _mm_add_pd(low, high);
    return _mm_cvtsd_f64(_mm_add_sd(low, _mm_unpackhi_pd(low, low)));
}

/* Three measurements (a0, a1, a2) against four models (x[0..3]): s[r][k] = <a_r, x_k>, twelve
   accumulators (seven loads per twelve FMAs). With ahead > 0, prefetches the next three
   measurements (3·ahead numbers further) into L1 on the way, a cache line of each per 8 entries:
   the operator comes from memory once per pass. */
TARGET static void dots_3x4(int p, const double *a0, const double *a1, const double *a2, const double *const x[4],
                            double s[3][4], int ahead) {
    __m256d c00 = _mm256_setzero_pd(), c01 = _mm256_setzero_pd(), c02 = _mm256_setzero_pd(), c03 = _mm256_setzero_pd();
    __m256d c10 = _mm256_setzero_pd(), c11 = _mm256_setzero_pd(), c12 = _mm256_setzero_pd(), c13 = _mm256_setzero_pd();
    __m256d c20 = _mm256_setzero_pd(), c21 = _mm256_setzero_pd(), c22 = _mm256_setzero_pd(), c23 = _mm256_setzero_pd();
    const double *x0 = x[0], *x1 = x[1], *x2 = x[2], *x3 = x[3];
    const double *next0 = a0 + 3 * (size_t)ahead, *next1 = a1 + 3 * (size_t)ahead, *next2 = a2 + 3 * (size_t)ahead;
    int e = 0;
    for (; e + 4 <= p; e += 4) {
        if (ahead > 0 && (e & 7) == 0) {
            _mm_prefetch((const char *)(next0 + e), _MM_HINT_T0);
            _mm_prefetch((const char *)(next1 + e), _MM_HINT_T0);
            _mm_prefetch((const char *)(next2 + e), _MM_HINT_T0);
        }
        __m256d u = _mm256_loadu_pd(a0 + e), v = _mm256_loadu_pd(a1 + e), t = _mm256_loadu_pd(a2 + e);
        __m256d w = _mm256_loadu_pd(x0 + e);
        c00 = _mm256_fmadd_pd(u, w, c00);
        c10 = _mm256_fmadd_pd(v, w, c10);
        c20 = _mm256_fmadd_pd(t, w, c20);
        w = _mm256_loadu_pd(x1 + e);
        c01 = _mm256_fmadd_pd(u, w, c01);
        c11 = _mm256_fmadd_pd(v, w, c11);
        c21 = _mm256_fmadd_pd(t, w, c21);
        w = _mm256_loadu_pd(x2 + e);
        c02 = _mm256_fmadd_pd(u, w, c02);
        c12 = _mm256_fmadd_pd(v, w, c12);
        c22 = _mm256_fmadd_pd(t, w, c22);
        w = _mm256_loadu_pd(x3 + e);
        c03 = _mm256_fmadd_pd(u, w, c03);
        c13 = _mm256_fmadd_pd(v, w, c13);
        c23 = _mm256_fmadd_pd(t, w, c23);
    }
    s[0][0] = lane_sum(c00); s[0][1] = lane_sum(c01); s[0][2] = lane_sum(c02); s[0][3] = lane_sum(c03);
    s[1][0] = lane_sum(c10); s[1][1] = lane_sum(c11); s[1][2] = lane_sum(c12); s[1][3] = lane_sum(c13);
    s[2][0] = lane_sum(c20); s[2][1] = lane_sum(c21); s[2][2] = lane_sum(c22); s[2][3] = lane_sum(c23);
    for (; e < p; e++) {
        for (int k = 0; k < 4; k++) {
            s[0][k] += a0[e] * x[k][e];
            s[1][k] += a1[e] * x[k][e];
            s[2][k] += a2[e] * x[k][e];
        }
    }
}

/* One measurement against one model: <a, x>, four accumulators. */
TARGET static double dot_1x1(int p, const double *a, const double *x) {
    __m256d c0 = _mm256_setzero_pd(), c1 = _mm256_setzero_pd(), c2 = _mm256_setzero_pd(), c3 = _mm256_setzero_pd();
    int e = 0;
    for (; e + 16 <= p; e += 16) {
        c0 = _mm256_fmadd_pd(_mm256_loadu_pd(a + e), _mm256_loadu_pd(x + e), c0);
        c1 = _mm256_fmadd_pd(_mm256_loadu_pd(a + e + 4), _mm256_loadu_pd(x + e + 4), c1);
        c2 = _mm256_fmadd_pd(_mm256_loadu_pd(a + e + 8), _mm256_loadu_pd(x + e + 8), c2);
        c3 = _mm256_fmadd_pd(_mm256_loadu_pd(a + e + 12), _mm256_loadu_pd(x + e + 12), c3);
    }
    for (; e + 4 <= p; e += 4) c0 = _mm256_fmadd_pd(_mm256_loadu_pd(a + e), _mm256_loadu_pd(x + e), c0);
    double s = lane_sum(_mm256_add_pd(_mm256_add_pd(c0, c1), _mm256_add_pd(c2, c3)));
    for (; e < p; e++) s += a[e] * x[e];
    return s;
}

TARGET static void residuals_avx2(int p, int b, int B, const double *A, int lda, const double *X, int ldx,
                                  double *R, int ldr) {
    int i = 0;
    for (; i + 3 <= b; i += 3) {
        const double *a0 = A + (size_t)i * lda, *a1 = a0 + lda, *a2 = a1 + lda;
        for (int j = 0; j < B; j += 4) {
            /* A group of fewer than four models repeats its last one (computed, not written):
               the pass costs as much as four models but keeps this access pattern. */
            const int count = B - j < 4 ? B - j : 4;
            const double *x[4];
            for (int k = 0; k < 4; k++) x[k] = X + (size_t)(j + (k < count ? k : count - 1)) * ldx;
            double s[3][4];
            dots_3x4(p, a0, a1, a2, x, s, j == 0 && i + 6 <= b ? lda : 0);
            for (int k = 0; k < count; k++) {
                double *r = R + i + (size_t)(j + k) * ldr;
                r[0] = s[0][k] - r[0];
                r[1] = s[1][k] - r[1];
                r[2] = s[2][k] - r[2];
            }
        }
    }
    for (; i < b; i++) {
        const double *a = A + (size_t)i * lda;
        for (int j = 0; j < B; j++) {
            double *r = R + i + (size_t)j * ldr;
            *r = dot_1x1(p, a, X + (size_t)j * ldx) - *r;
        }
    }
}

/* g[k] = beta * g[k] + alpha * value (beta == 0: g is not read). */
static inline double scaled_update(double beta, double g, double alpha, double value) {
    return beta == 0 ? alpha * value : beta * g + alpha * value;
}

TARGET static inline void store_update(double *g, __m256d sum, __m256d alpha, __m256d beta, int readG) {
    __m256d value = _mm256_mul_pd(alpha, sum);
    if (readG) value = _mm256_fmadd_pd(beta, _mm256_loadu_pd(g), value);
    _mm256_storeu_pd(g, value);
}

TARGET static void weighted_sums_avx2(int p, int b, int B, double alpha, const double *A, int lda, const double *W,
                                      int ldw, double beta, double *G, int ldg) {
    const __m256d va = _mm256_set1_pd(alpha), vb = _mm256_set1_pd(beta);
    const int readG = beta != 0;
    for (int j = 0; j < B; j += 4) {
        /* A group of fewer than four models repeats its last one (computed, not written): eight
           independent accumulators keep both FMA units busy whatever B is. */
        const int count = B - j < 4 ? B - j : 4;
        const double *w[4];
        double *g[4];
        for (int k = 0; k < 4; k++) {
            w[k] = W + (size_t)(j + (k < count ? k : count - 1)) * ldw;
            g[k] = G + (size_t)(j + k) * ldg;
        }
        const double *w0 = w[0], *w1 = w[1], *w2 = w[2], *w3 = w[3];
        int e = 0;
        for (; e + 8 <= p; e += 8) {
            __m256d c00 = _mm256_setzero_pd(), c01 = _mm256_setzero_pd(), c02 = _mm256_setzero_pd(), c03 = _mm256_setzero_pd();
            __m256d c10 = _mm256_setzero_pd(), c11 = _mm256_setzero_pd(), c12 = _mm256_setzero_pd(), c13 = _mm256_setzero_pd();
            const double *a = A + e;
            for (int i = 0; i < b; i++, a += lda) {
                __m256d u = _mm256_loadu_pd(a), v = _mm256_loadu_pd(a + 4);
                __m256d s = _mm256_broadcast_sd(w0 + i);
                c00 = _mm256_fmadd_pd(u, s, c00);
                c10 = _mm256_fmadd_pd(v, s, c10);
                s = _mm256_broadcast_sd(w1 + i);
                c01 = _mm256_fmadd_pd(u, s, c01);
                c11 = _mm256_fmadd_pd(v, s, c11);
                s = _mm256_broadcast_sd(w2 + i);
                c02 = _mm256_fmadd_pd(u, s, c02);
                c12 = _mm256_fmadd_pd(v, s, c12);
                s = _mm256_broadcast_sd(w3 + i);
                c03 = _mm256_fmadd_pd(u, s, c03);
                c13 = _mm256_fmadd_pd(v, s, c13);
            }
            store_update(g[0] + e, c00, va, vb, readG);
            store_update(g[0] + e + 4, c10, va, vb, readG);
            if (count > 1) {
                store_update(g[1] + e, c01, va, vb, readG);
                store_update(g[1] + e + 4, c11, va, vb, readG);
            }
            if (count > 2) {
                store_update(g[2] + e, c02, va, vb, readG);
                store_update(g[2] + e + 4, c12, va, vb, readG);
            }
            if (count > 3) {
                store_update(g[3] + e, c03, va, vb, readG);
                store_update(g[3] + e + 4, c13, va, vb, readG);
            }
        }
        for (; e < p; e++) {
            for (int k = 0; k < count; k++) {
                double sum = 0;
                const double *a = A + e;
                for (int i = 0; i < b; i++, a += lda) sum += *a * w[k][i];
                g[k][e] = scaled_update(beta, g[k][e], alpha, sum);
            }
        }
    }
}

/* Four measurements against one model: s[r] = <a_r, x>, two accumulators each (eight independent
   FMA chains, five loads per four FMAs). The measurements are contiguous, so the hardware
   prefetcher streams them. */
TARGET static void dots_4x1(int p, const double *a0, const double *a1, const double *a2, const double *a3,
                            const double *x, double s[4]) {
    __m256d c0 = _mm256_setzero_pd(), c1 = _mm256_setzero_pd(), c2 = _mm256_setzero_pd(), c3 = _mm256_setzero_pd();
    __m256d d0 = _mm256_setzero_pd(), d1 = _mm256_setzero_pd(), d2 = _mm256_setzero_pd(), d3 = _mm256_setzero_pd();
    int e = 0;
    for (; e + 8 <= p; e += 8) {
        __m256d u = _mm256_loadu_pd(x + e), v = _mm256_loadu_pd(x + e + 4);
        c0 = _mm256_fmadd_pd(_mm256_loadu_pd(a0 + e), u, c0);
        c1 = _mm256_fmadd_pd(_mm256_loadu_pd(a1 + e), u, c1);
        c2 = _mm256_fmadd_pd(_mm256_loadu_pd(a2 + e), u, c2);
        c3 = _mm256_fmadd_pd(_mm256_loadu_pd(a3 + e), u, c3);
        d0 = _mm256_fmadd_pd(_mm256_loadu_pd(a0 + e + 4), v, d0);
        d1 = _mm256_fmadd_pd(_mm256_loadu_pd(a1 + e + 4), v, d1);
        d2 = _mm256_fmadd_pd(_mm256_loadu_pd(a2 + e + 4), v, d2);
        d3 = _mm256_fmadd_pd(_mm256_loadu_pd(a3 + e + 4), v, d3);
    }
    s[0] = lane_sum(_mm256_add_pd(c0, d0));
    s[1] = lane_sum(_mm256_add_pd(c1, d1));
    s[2] = lane_sum(_mm256_add_pd(c2, d2));
    s[3] = lane_sum(_mm256_add_pd(c3, d3));
    for (; e < p; e++) {
        s[0] += a0[e] * x[e];
        s[1] += a1[e] * x[e];
        s[2] += a2[e] * x[e];
        s[3] += a3[e] * x[e];
    }
}

/* One model, the whole pass block by block (b measurements, a block small enough to stay in L2):
   r_i = <a_i, x> - y_i and w_i = alpha * phi(r_i) for the block, four measurements at a time, then
   G += sum_i w_i a_i over the block with G in registers, sixteen entries at a time: the operator
   is read from memory once and from L2 once, and G is loaded and stored once per block. */
TARGET static void fused_single_avx2(int p, int m, int b, const double *A, int lda, const double *x, const double *y,
                                     int sign, double alpha, double *R, double *G, double *w) {
    for (int e = 0; e < p; e++) G[e] = 0;
    for (int start = 0; start < m; start += b) {
        const int count = m - start < b ? m - start : b;
        const double *block = A + (size_t)start * lda;
        int i = 0;
        for (; i + 4 <= count; i += 4) {
            const double *a0 = block + (size_t)i * lda;
            double s[4];
            dots_4x1(p, a0, a0 + lda, a0 + 2 * (size_t)lda, a0 + 3 * (size_t)lda, x, s);
            for (int k = 0; k < 4; k++) R[start + i + k] = s[k] - y[start + i + k];
        }
        for (; i < count; i++) R[start + i] = dot_1x1(p, block + (size_t)i * lda, x) - y[start + i];
        for (i = 0; i < count; i++) w[i] = alpha * measurement_weight(R[start + i], sign);
        int e = 0;
        for (; e + 16 <= p; e += 16) {
            __m256d g0 = _mm256_loadu_pd(G + e), g1 = _mm256_loadu_pd(G + e + 4);
            __m256d g2 = _mm256_loadu_pd(G + e + 8), g3 = _mm256_loadu_pd(G + e + 12);
            const double *a = block + e;
            for (int k = 0; k < count; k++, a += lda) {
                const __m256d s = _mm256_broadcast_sd(w + k);
                g0 = _mm256_fmadd_pd(s, _mm256_loadu_pd(a), g0);
                g1 = _mm256_fmadd_pd(s, _mm256_loadu_pd(a + 4), g1);
                g2 = _mm256_fmadd_pd(s, _mm256_loadu_pd(a + 8), g2);
                g3 = _mm256_fmadd_pd(s, _mm256_loadu_pd(a + 12), g3);
            }
            _mm256_storeu_pd(G + e, g0);
            _mm256_storeu_pd(G + e + 4, g1);
            _mm256_storeu_pd(G + e + 8, g2);
            _mm256_storeu_pd(G + e + 12, g3);
        }
        for (; e < p; e++) {
            double sum = G[e];
            for (int k = 0; k < count; k++) sum += w[k] * block[e + (size_t)k * lda];
            G[e] = sum;
        }
    }
}

#endif

#if REPRO_KERNELS_X86

#define TARGET512 __attribute__((target("avx512f,avx512dq,avx512vl,avx2,fma")))
#define INLINE512 TARGET512 static inline __attribute__((always_inline))

/* The lanes of the last, partial vector of p entries (p % 8 of them; all eight when p % 8 == 0). */
static inline __mmask8 tail_mask(int p) {
    const int rest = p & 7;
    return rest ? (__mmask8)((1u << rest) - 1) : (__mmask8)0xFF;
}

/* The entries of X (per model) a residual tile reads from L1: the eight models' slices of this
   length take 16 KiB, half of L1, so X is read from L2 once per slice instead of once per tile. */
#define SLICE 256
/* Measurements per sub-block: the partial sums of a sub-block (8 models × 8 lanes each) take
   24 KiB of stack. */
#define SUBBLOCK 48

/* MR measurements (a[0..MR-1]) against eight models (x[0..7]) over entries [e0, e1): the 8·MR
   vector accumulators acc[r·8 + k] (lane sums of <a_r, x_k>) are loaded, updated and stored
   (MR + 8 loads per 8·MR FMAs; MR = 3 holds 24 of the 32 registers). A last partial vector
   (e1 == p, p % 8 != 0) is loaded masked. With ahead > 0, prefetches the same entries of the
   measurements MR further on into L1, one cache line per vector. */
INLINE512 void dots_mx8(const int MR, int e0, int e1, int p, const double *const a[3], const double *const x[8],
                        __m512d *acc, int first, int ahead) {
    __m512d c[3][8];
    for (int r = 0; r < MR; r++)
        for (int k = 0; k < 8; k++) c[r][k] = first ? _mm512_setzero_pd() : acc[r * 8 + k];
    const int full = e1 < p ? e1 : (p & ~7);
    int e = e0;
    for (; e < full; e += 8) {
        __m512d u[3];
        for (int r = 0; r < MR; r++) {
            if (ahead > 0) _mm_prefetch((const char *)(a[r] + (size_t)MR * ahead + e), _MM_HINT_T0);
            u[r] = _mm512_loadu_pd(a[r] + e);
        }
        for (int k = 0; k < 8; k++) {
            const __m512d w = _mm512_loadu_pd(x[k] + e);
            for (int r = 0; r < MR; r++) c[r][k] = _mm512_fmadd_pd(u[r], w, c[r][k]);
        }
    }
    if (e < e1) {
        const __mmask8 mask = tail_mask(p);
        __m512d u[3];
        for (int r = 0; r < MR; r++) u[r] = _mm512_maskz_loadu_pd(mask, a[r] + e);
        for (int k = 0; k < 8; k++) {
            const __m512d w = _mm512_maskz_loadu_pd(mask, x[k] + e);
            for (int r = 0; r < MR; r++) c[r][k] = _mm512_fmadd_pd(u[r], w, c[r][k]);
        }
    }
    for (int r = 0; r < MR; r++)
        for (int k = 0; k < 8; k++) acc[r * 8 + k] = c[r][k];
}

/* Residuals eight models at a time, a sub-block of measurements at a time, slice by slice of
   the entries: the lane sums of each (measurement, model) pair stay on the stack between
   slices and are added up once at the end. */
TARGET512 static void residuals_avx512(int p, int b, int B, const double *A, int lda, const double *X, int ldx,
                                       double *R, int ldr) {
    __m512d acc[SUBBLOCK * 8];
    for (int j = 0; j < B; j += 8) {
        /* A group of fewer than eight models repeats its last one (computed, not written). */
        const int count = B - j < 8 ? B - j : 8;
        const double *x[8];
        for (int k = 0; k < 8; k++) x[k] = X + (size_t)(j + (k < count ? k : count - 1)) * ldx;
        for (int i0 = 0; i0 < b; i0 += SUBBLOCK) {
            const int rows = b - i0 < SUBBLOCK ? b - i0 : SUBBLOCK;
            for (int e0 = 0; e0 < p; e0 += SLICE) {
                const int e1 = p - e0 < SLICE ? p : e0 + SLICE, first = e0 == 0;
                int i = 0;
                for (; i + 3 <= rows; i += 3) {
                    const double *row = A + (size_t)(i0 + i) * lda;
                    const double *a[3] = {row, row + lda, row + 2 * (size_t)lda};
                    dots_mx8(3, e0, e1, p, a, x, acc + i * 8, first, j == 0 && i + 6 <= rows ? lda : 0);
                }
                const int rest = rows - i;
                if (rest > 0) {
                    const double *row = A + (size_t)(i0 + i) * lda;
                    const double *a[3] = {row, row + (size_t)(rest - 1) * lda, row + (size_t)(rest - 1) * lda};
                    if (rest == 2) dots_mx8(2, e0, e1, p, a, x, acc + i * 8, first, 0);
                    else dots_mx8(1, e0, e1, p, a, x, acc + i * 8, first, 0);
                }
            }
            for (int i = 0; i < rows; i++)
                for (int k = 0; k < count; k++) {
                    double *target = R + i0 + i + (size_t)(j + k) * ldr;
                    *target = _mm512_reduce_add_pd(acc[i * 8 + k]) - *target;
                }
        }
    }
}

/* G[e .. e+8·NV) of eight models over the b measurements of a block: c[v][k] = sum_i A[e+8v.., i]
   · w_k[i], 8·NV accumulators (NV + 8 loads per 8·NV FMAs), then g = beta·g + alpha·c. The last
   vector is masked when the stripe ends at p. */
INLINE512 void sums_nvx8(const int NV, int e, int p, int b, double alpha, const double *A, int lda,
                         const double *const w[8], double beta, double *const g[8], int count) {
    __m512d c[3][8];
    for (int v = 0; v < NV; v++)
        for (int k = 0; k < 8; k++) c[v][k] = _mm512_setzero_pd();
    const int partial = e + 8 * NV > p;
    const __mmask8 mask = partial ? tail_mask(p) : (__mmask8)0xFF;
    const double *a = A + e;
    for (int i = 0; i < b; i++, a += lda) {
        __m512d u[3];
        for (int v = 0; v < NV; v++)
            u[v] = (partial && v == NV - 1) ? _mm512_maskz_loadu_pd(mask, a + 8 * v) : _mm512_loadu_pd(a + 8 * v);
        for (int k = 0; k < 8; k++) {
            const __m512d s = _mm512_set1_pd(w[k][i]);
            for (int v = 0; v < NV; v++) c[v][k] = _mm512_fmadd_pd(u[v], s, c[v][k]);
        }
    }
    const __m512d va = _mm512_set1_pd(alpha), vb = _mm512_set1_pd(beta);
    for (int k = 0; k < count; k++)
        for (int v = 0; v < NV; v++) {
            const __mmask8 lanes = (partial && v == NV - 1) ? mask : (__mmask8)0xFF;
            double *target = g[k] + e + 8 * v;
            __m512d value = _mm512_mul_pd(va, c[v][k]);
            if (beta != 0) value = _mm512_fmadd_pd(vb, _mm512_maskz_loadu_pd(lanes, target), value);
            _mm512_mask_storeu_pd(target, lanes, value);
        }
}

TARGET512 static void weighted_sums_avx512(int p, int b, int B, double alpha, const double *A, int lda,
                                           const double *W, int ldw, double beta, double *G, int ldg) {
    for (int j = 0; j < B; j += 8) {
        const int count = B - j < 8 ? B - j : 8;
        const double *w[8];
        double *g[8];
        for (int k = 0; k < 8; k++) {
            w[k] = W + (size_t)(j + (k < count ? k : count - 1)) * ldw;
            g[k] = G + (size_t)(j + (k < count ? k : count - 1)) * ldg;
        }
        int e = 0;
        for (; e + 24 <= p; e += 24) sums_nvx8(3, e, p, b, alpha, A, lda, w, beta, g, count);
        for (; e < p; e += 8) sums_nvx8(1, e, p, b, alpha, A, lda, w, beta, g, count);
    }
}

#endif

/* The portable loops, for CPUs without AVX2 + FMA (and level REPRO_KERNELS_NONE). */
static void residuals_portable(int p, int b, int B, const double *A, int lda, const double *X, int ldx,
                               double *R, int ldr) {
    for (int j = 0; j < B; j++)
        for (int i = 0; i < b; i++) {
            double s = 0;
            for (int e = 0; e < p; e++) s += A[e + (size_t)i * lda] * X[e + (size_t)j * ldx];
            R[i + (size_t)j * ldr] = s - R[i + (size_t)j * ldr];
        }
}

static void weighted_sums_portable(int p, int b, int B, double alpha, const double *A, int lda, const double *W,
                                   int ldw, double beta, double *G, int ldg) {
    for (int j = 0; j < B; j++)
        for (int e = 0; e < p; e++) {
            double s = 0;
            for (int i = 0; i < b; i++) s += A[e + (size_t)i * lda] * W[i + (size_t)j * ldw];
            double *g = G + e + (size_t)j * ldg;
            *g = beta == 0 ? alpha * s : beta * *g + alpha * s;
        }
}

static void fused_single_portable(int p, int m, const double *A, int lda, const double *x, const double *y, int sign,
                                  double alpha, double *R, double *G) {
    /* Measurement by measurement: r_i, then G += w_i a_i. */
    for (int e = 0; e < p; e++) G[e] = 0;
    for (int i = 0; i < m; i++) {
        const double *a = A + (size_t)i * lda;
        double s = 0;
        for (int e = 0; e < p; e++) s += a[e] * x[e];
        R[i] = s - y[i];
        const double w = alpha * measurement_weight(R[i], sign);
        for (int e = 0; e < p; e++) G[e] += w * a[e];
    }
}

/* -1 until the first call asks the CPU; the race of two first calls writes the same value. */
static int supported_level = -1;

/* The level a call runs: the one asked for, at most what this CPU supports. */
static int effective_level(int level) {
    if (supported_level < 0) supported_level = repro_sensing_kernel_level();
    return level < supported_level ? level : supported_level;
}

void repro_batch_residuals(int level, int p, int b, int B, const double *A, int lda, const double *X, int ldx,
                           double *R, int ldr) {
#if REPRO_KERNELS_X86
    switch (effective_level(level)) {
    case REPRO_KERNELS_AVX512: residuals_avx512(p, b, B, A, lda, X, ldx, R, ldr); return;
    case REPRO_KERNELS_AVX2: residuals_avx2(p, b, B, A, lda, X, ldx, R, ldr); return;
    default: break;
    }
#else
    (void)level;
#endif
    residuals_portable(p, b, B, A, lda, X, ldx, R, ldr);
}

void repro_batch_weighted_sums(int level, int p, int b, int B, double alpha, const double *A, int lda,
                               const double *W, int ldw, double beta, double *G, int ldg) {
#if REPRO_KERNELS_X86
    switch (effective_level(level)) {
    case REPRO_KERNELS_AVX512: weighted_sums_avx512(p, b, B, alpha, A, lda, W, ldw, beta, G, ldg); return;
    case REPRO_KERNELS_AVX2: weighted_sums_avx2(p, b, B, alpha, A, lda, W, ldw, beta, G, ldg); return;
    default: break;
    }
#else
    (void)level;
#endif
    weighted_sums_portable(p, b, B, alpha, A, lda, W, ldw, beta, G, ldg);
}

void repro_fused_single(int level, int p, int m, int b, const double *A, int lda, const double *x, const double *y,
                        int sign, double alpha, double *R, double *G, double *w) {
#if REPRO_KERNELS_X86
    if (effective_level(level) >= REPRO_KERNELS_AVX2) {
        fused_single_avx2(p, m, b, A, lda, x, y, sign, alpha, R, G, w);
        return;
    }
#else
    (void)level;
#endif
    (void)b;
    (void)w;
    fused_single_portable(p, m, A, lda, x, y, sign, alpha, R, G);
}
