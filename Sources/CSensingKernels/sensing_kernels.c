#include "sensing_kernels.h"

#include <stddef.h>

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#include <immintrin.h>
#define REPRO_KERNELS_X86 1
#define TARGET __attribute__((target("avx2,fma")))
#else
#define REPRO_KERNELS_X86 0
#endif

int repro_sensing_kernels_available(void) {
#if REPRO_KERNELS_X86
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
#else
    return 0;
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

/* The portable loops, for CPUs without AVX2 + FMA. */
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
static int kernels_available = -1;

static int use_kernels(void) {
    if (kernels_available < 0) kernels_available = repro_sensing_kernels_available();
    return kernels_available;
}

void repro_batch_residuals(int p, int b, int B, const double *A, int lda, const double *X, int ldx,
                           double *R, int ldr) {
#if REPRO_KERNELS_X86
    if (use_kernels()) {
        residuals_avx2(p, b, B, A, lda, X, ldx, R, ldr);
        return;
    }
#endif
    residuals_portable(p, b, B, A, lda, X, ldx, R, ldr);
}

void repro_batch_weighted_sums(int p, int b, int B, double alpha, const double *A, int lda, const double *W,
                               int ldw, double beta, double *G, int ldg) {
#if REPRO_KERNELS_X86
    if (use_kernels()) {
        weighted_sums_avx2(p, b, B, alpha, A, lda, W, ldw, beta, G, ldg);
        return;
    }
#endif
    weighted_sums_portable(p, b, B, alpha, A, lda, W, ldw, beta, G, ldg);
}

void repro_fused_single(int p, int m, int b, const double *A, int lda, const double *x, const double *y, int sign,
                        double alpha, double *R, double *G, double *w) {
#if REPRO_KERNELS_X86
    if (use_kernels()) {
        fused_single_avx2(p, m, b, A, lda, x, y, sign, alpha, R, G, w);
        return;
    }
#endif
    (void)b;
    (void)w;
    fused_single_portable(p, m, A, lda, x, y, sign, alpha, R, G);
}
