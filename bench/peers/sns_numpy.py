"""NumPy/SciPy peer of `sinkhorn-newton` with algorithm sns, written the obvious way, on the
cost matrix and marginals the bench wrote as .npy files (the same instance as ours):

  1. N₁ Sinkhorn iterations in the log domain (scipy.special.logsumexp over rows, then columns);
  2. Newton steps on the Lyapunov potential f(x, y) = −(1/η)·Σ P + ⟨r, x⟩ + ⟨c, y⟩ with
     P = exp(η(−C + x ⊕ y) − 1): the gradient (r − P1, c − Pᵀ1); the Hessian's off-diagonal
     blocks sparsified to the largest ⌈ρ·n·n'⌉ entries of P (numpy.partition, then a
     scipy.sparse matrix), its diagonal the full row and column sums; the Newton system solved by
     scipy.sparse.linalg.cg (relative tolerance --cg-tolerance, at most --cg-iterations); a
     backtracking Armijo line search on f (c₁ = 1e-4, step halved);

until the marginal error ‖P1 − r‖₁ + ‖Pᵀ1 − c‖₁ is below --tolerance. One call solves the
problem from x = y = 0; the time per call is the median over --repeat calls after a warm-up
call. Checksum: the transport cost ⟨C, P⟩ of the last call."""
import time

import numpy as np
import scipy.sparse
import scipy.sparse.linalg
from scipy.special import logsumexp

from contract import emit, parse


def main():
    args = parse(__doc__, [("--cost", str, None), ("--source", str, None), ("--target", str, None),
                           ("--eta", float, 1000.0), ("--warm-start", int, 20), ("--kept-fraction", float, 0.05),
                           ("--cg-tolerance", float, 1e-6), ("--cg-iterations", int, 200),
                           ("--tolerance", float, 1e-10)])
    cost = np.load(args.cost)
    r = np.load(args.source).ravel()
    c = np.load(args.target).ravel()
    r, c = r / r.sum(), c / c.sum()
    eta = args.eta
    n, m = cost.shape
    kept = int(np.ceil(args.kept_fraction * n * m))

    def plan(x, y):
        return np.exp(eta * (-cost + x[:, None] + y[None, :]) - 1.0)

    def potential(p, x, y):
        return -p.sum() / eta + r @ x + c @ y

    def solve():
        x, y = np.zeros(n), np.zeros(m)
        for _ in range(args.warm_start):
            x = (np.log(r) + 1.0) / eta - logsumexp(eta * (y[None, :] - cost), axis=1) / eta
            y = (np.log(c) + 1.0) / eta - logsumexp(eta * (x[:, None] - cost), axis=0) / eta
        p = plan(x, y)
        newton_steps = 0
        for _ in range(args.iterations):
            rows, columns = p.sum(axis=1), p.sum(axis=0)
            gradient = np.concatenate([r - rows, c - columns])
            if np.abs(gradient).sum() < args.tolerance:
                break
            threshold = np.partition(p, p.size - kept, axis=None)[p.size - kept]
            sparse = scipy.sparse.csr_matrix(np.where(p >= threshold, p, 0.0))
            hessian = eta * scipy.sparse.bmat([[scipy.sparse.diags(rows), sparse],
                                               [sparse.T, scipy.sparse.diags(columns)]], format="csr")
            direction, _ = scipy.sparse.linalg.cg(hessian, gradient, rtol=args.cg_tolerance,
                                                  maxiter=args.cg_iterations)
            dx, dy = direction[:n], direction[n:]
            value, slope, alpha = potential(p, x, y), gradient @ direction, 1.0
            while alpha > 2.0 ** -40:
                candidate = plan(x + alpha * dx, y + alpha * dy)
                if potential(candidate, x + alpha * dx, y + alpha * dy) >= value + 1e-4 * alpha * slope:
                    break
                alpha /= 2
            x, y, p = x + alpha * dx, y + alpha * dy, candidate
            newton_steps += 1
        return p, newton_steps

    solve()
    seconds, result = [], None
    for _ in range(args.repeat):
        start = time.perf_counter()
        result = solve()
        seconds.append(time.perf_counter() - start)
    p, steps = result
    emit(f"numpy/scipy sns ({args.warm_start} log-domain Sinkhorn steps, then {steps} Newton steps)",
         float(np.sum(p * cost)), seconds_per_call=float(np.median(seconds)))


if __name__ == "__main__":
    main()
