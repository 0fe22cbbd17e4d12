#ifndef REPRO_TRANSPORT_KERNELS_H
#define REPRO_TRANSPORT_KERNELS_H
/*
 * The pass of one Sinkhorn iteration over the kernel K (n × m, column-major, leading dimension
 * ldk), column by column:
 *
 *     t_j = sum_i K_ij u_i,   v_j = c_j / t_j,   w = sum_j v_j K_:j
 *
 * the column step v = c ⊘ (Kᵀu) and the product K v of the next row step, in one read of K
 * (each column is read from memory once and, for the sum w, again from cache). t (m numbers)
 * receives Kᵀu and w (n numbers) is overwritten with K v. AVX2 + FMA kernel chosen at run time,
 * portable loops otherwise; both sum in a fixed order, so the same call gives the same bits.
 */
void repro_sinkhorn_pass(int n, int m, const double *K, int ldk, const double *u, const double *c, double *v,
                         double *t, double *w);

#endif
