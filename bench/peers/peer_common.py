"""Shared pieces of the NumPy/SciPy peers: the CLI, the test matrix, the orthonormal
basis and the one-line JSON report.

Matrix: `--matrix file.npy` (float64, n×d) when given — the harness can hand both sides
the same file; otherwise a Gaussian n×d matrix drawn with numpy.random.default_rng(seed).
In the latter case the comparison with the Swift side is per call on inputs of equal shape
and equal family (Gaussian), not on the identical matrix.
"""

import argparse
import json
import time

import numpy as np
import scipy


def parse_arguments(description, sensitivity_options=False):
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--n", type=int, default=4000)
    parser.add_argument("--d", type=int, default=10)
    parser.add_argument("--p", type=float, required=True)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--matrix", help="n×d float64 .npy file (default: Gaussian from --seed)")
    if sensitivity_options:
        parser.add_argument("--rows", type=int, default=None,
                            help="time only the first K rows and extrapolate to all n rows")
        parser.add_argument("--form", choices=["dual", "primal"], default="dual",
                            help="p = 1: which LP HiGHS solves per row (default: dual, the faster)")
    return parser.parse_args()


def test_matrix(args):
    if args.matrix:
        a = np.load(args.matrix).astype(np.float64)
        if a.ndim != 2:
            raise SystemExit(f"{args.matrix}: expected a 2-D array, got shape {a.shape}")
        return a
    return np.random.default_rng(args.seed).standard_normal((args.n, args.d))


def orthonormal_basis(a):
    """Q of the thin Householder QR A = QR (LAPACK dgeqrf/dorgqr, as the Swift side)."""
    q, _ = np.linalg.qr(a, mode="reduced")
    return q


def median_seconds(call, repeat):
    """Runs call() `repeat` times; returns (median seconds, last result)."""
    times = []
    result = None
    for _ in range(max(1, repeat)):
        start = time.perf_counter()
        result = call()
        times.append(time.perf_counter() - start)
    return float(np.median(times)), result


def report(seconds, checksum, **extra):
    line = {"seconds_per_call": seconds,
            "peer": f"numpy-{np.__version__}/scipy-{scipy.__version__}",
            "checksum": float(checksum)}
    line.update(extra)
    print(json.dumps(line))
