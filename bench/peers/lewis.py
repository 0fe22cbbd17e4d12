"""NumPy peer of SensitivitySampling's `LewisWeights`: ℓp Lewis weights by the fixed-point
iteration of Cohen & Peng (2015), the algorithm the Swift side runs.

    Q = orthonormal basis of the column span of A (thin QR; Lewis weights depend only on it)
    w = 1
    repeat:  M = Qᵀ diag(w^{1−2/p}) Q
             w_new,i = (q_iᵀ M⁻¹ q_i)^{p/2}          (Cholesky of M, one triangular solve)
             change = max_i |w_new,i / w_i − 1|
             w = w_new
    until change ≤ tolerance (1e-12, the spec default `lewis_tolerance`) or 5000 steps.

One call = QR + the iteration, as the Swift call `LewisWeights.compute(matrix:p:)`.
checksum = Σ w_i, which is d at the fixed point (p < 4).

Usage: python3 bench/peers/lewis.py --n 4000 --d 10 --p 1 --seed 1 --repeat 5 [--matrix a.npy]
Prints one JSON line {"seconds_per_call", "peer", "checksum", "iterations"}.
"""

import numpy as np
import scipy.linalg

from peer_common import median_seconds, orthonormal_basis, parse_arguments, report, test_matrix


def lewis_weights(a, p, tolerance=1e-12, max_steps=5000):
    q = orthonormal_basis(a)
    w = np.ones(q.shape[0])
    exponent = 1 - 2 / p
    steps = 0
    while steps < max_steps:
        m = q.T @ (q * (w ** exponent)[:, None])
        factor = scipy.linalg.cholesky(m, lower=True)
        y = scipy.linalg.solve_triangular(factor, q.T, lower=True)   # L⁻¹ q_i, column i
        w_new = np.einsum("ij,ij->j", y, y) ** (p / 2)
        change = np.max(np.abs(w_new / w - 1))
        w = w_new
        steps += 1
        if change <= tolerance:
            break
    return w, steps


def main():
    args = parse_arguments(__doc__.splitlines()[0])
    a = test_matrix(args)
    seconds, (w, steps) = median_seconds(lambda: lewis_weights(a, args.p), args.repeat)
    report(seconds, w.sum(), iterations=steps)


if __name__ == "__main__":
    main()
