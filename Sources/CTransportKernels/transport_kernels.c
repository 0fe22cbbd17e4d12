#include "transport_kernels.h"

#include <stddef.h>

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#include <immintrin.h>
#define REPRO_TRANSPORT_X86 1
#define TARGET __attribute__((target("avx2,fma")))
#else
#define REPRO_TRANSPORT_X86 0
#endif

/* Columns per group: their dot products share the loads of u, their sums share the loads and
   stores of w, and the four columns (4·n numbers) stay in L1/L2 between the two. */
#define GROUP 4

/* Column j alone: t_j, v_j and w += v_j K_:j. */
static void column_step(int n, const double *k, const double *u, double c, double *v, double *t, double *w) {
    double s = 0;
    for (int i = 0; i < n; i++) s += k[i] * u[i];
    *t = s;
    *v = c / s;
    for (int i = 0; i < n; i++) w[i] += *v * k[i];
}

static void pass_portable(int n, int m, const double *K, int ldk, const double *u, const double *c, double *v,
                          double *t, double *w) {
    for (int i = 0; i < n; i++) w[i] = 0;
    for (int j = 0; j < m; j++) column_step(n, K + (size_t)j * ldk, u, c[j], v + j, t + j, w);
}

#if REPRO_TRANSPORT_X86

/* (x0 + x1) + (x2 + x3). */
TARGET static inline double lane_sum(__m256d x) {
    double lanes[4];
    _mm256_storeu_pd(lanes, x);
    return (lanes[0] + lanes[1]) + (lanes[2] + lanes[3]);
}

TARGET static void pass_avx2(int n, int m, const double *K, int ldk, const double *u, const double *c, double *v,
                             double *t, double *w) {
    for (int i = 0; i < n; i++) w[i] = 0;
    const int full = n & ~3;
    int j = 0;
    for (; j + GROUP <= m; j += GROUP) {
        const double *k0 = K + (size_t)j * ldk, *k1 = k0 + ldk, *k2 = k1 + ldk, *k3 = k2 + ldk;
        __m256d s0 = _mm256_setzero_pd(), s1 = _mm256_setzero_pd(), s2 = _mm256_setzero_pd(), s3 = _mm256_setzero_pd();
        for (int i = 0; i < full; i += 4) {
            const __m256d x = _mm256_loadu_pd(u + i);
            s0 = _mm256_fmadd_pd(_mm256_loadu_pd(k0 + i), x, s0);
            s1 = _mm256_fmadd_pd(_mm256_loadu_pd(k1 + i), x, s1);
            s2 = _mm256_fmadd_pd(_mm256_loadu_pd(k2 + i), x, s2);
            s3 = _mm256_fmadd_pd(_mm256_loadu_pd(k3 + i), x, s3);
        }
        double d0 = lane_sum(s0), d1 = lane_sum(s1), d2 = lane_sum(s2), d3 = lane_sum(s3);
        for (int i = full; i < n; i++) {
            d0 += k0[i] * u[i];
            d1 += k1[i] * u[i];
            d2 += k2[i] * u[i];
            d3 += k3[i] * u[i];
        }
        t[j] = d0, t[j + 1] = d1, t[j + 2] = d2, t[j + 3] = d3;
        const double v0 = c[j] / d0, v1 = c[j + 1] / d1, v2 = c[j + 2] / d2, v3 = c[j + 3] / d3;
        v[j] = v0, v[j + 1] = v1, v[j + 2] = v2, v[j + 3] = v3;
        const __m256d a0 = _mm256_set1_pd(v0), a1 = _mm256_set1_pd(v1), a2 = _mm256_set1_pd(v2), a3 = _mm256_set1_pd(v3);
        for (int i = 0; i < full; i += 4) {
            __m256d x = _mm256_loadu_pd(w + i);
            x = _mm256_fmadd_pd(a0, _mm256_loadu_pd(k0 + i), x);
            x = _mm256_fmadd_pd(a1, _mm256_loadu_pd(k1 + i), x);
            x = _mm256_fmadd_pd(a2, _mm256_loadu_pd(k2 + i), x);
            x = _mm256_fmadd_pd(a3, _mm256_loadu_pd(k3 + i), x);
            _mm256_storeu_pd(w + i, x);
        }
        for (int i = full; i < n; i++) w[i] += v0 * k0[i] + v1 * k1[i] + v2 * k2[i] + v3 * k3[i];
    }
    for (; j < m; j++) column_step(n, K + (size_t)j * ldk, u, c[j], v + j, t + j, w);
}

#endif

/* -1 until the first call asks the CPU; the race of two first calls writes the same value. */
static int avx2_available = -1;

void repro_sinkhorn_pass(int n, int m, const double *K, int ldk, const double *u, const double *c, double *v,
                         double *t, double *w) {
#if REPRO_TRANSPORT_X86
    if (avx2_available < 0) {
        __builtin_cpu_init();
        avx2_available = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
    }
    if (avx2_available) {
        pass_avx2(n, m, K, ldk, u, c, v, t, w);
        return;
    }
#endif
    pass_portable(n, m, K, ldk, u, c, v, t, w);
}
