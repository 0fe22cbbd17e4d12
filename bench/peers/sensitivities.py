"""NumPy/SciPy peer of SensitivitySampling's `ExactSensitivities`: the exact ℓp sensitivities

    σ_i = max_{Ax≠0} |(Ax)_i|^p / ‖Ax‖_p^p  =  1 / min { ‖Qx‖_p^p : q_iᵀx = 1 },

one convex problem per row on Q, the orthonormal basis of the column span of A (thin QR).
One call = QR + all n row problems, as the Swift call `ExactSensitivities.compute(matrix:p:)`.

p = 1: one linear program per row, solved by SciPy's HiGHS (`linprog(method="highs")`).
  --form dual (default): the LP dual of the row problem,
      max μ  over (u, μ)  s.t.  Qᵀu = μ q_i,  −1 ≤ u_j ≤ 1,
  d equality rows and n + 1 columns; by LP duality its optimum μ* = min ‖Qx‖₁ = 1/σ_i.
  --form primal: the textbook primal LP
      min Σ_j t_j  over (x, t)  s.t.  −t ≤ Qx ≤ t,  q_iᵀx = 1,  t ≥ 0,
  with the 2n×(n + d) constraint matrix stored sparse (scipy.sparse); σ_i = 1/optimum.
  Both give the same σ_i; on this machine the dual form took about 0.09 s of CPU per row
  against 1.2–2.4 s for primal forms (n = 4000, d = 10, 3–10 rows), so it is the
  default: the peer is the faster of the two.

p > 1: NOT an LP. The same algorithm as the Swift side (ExactSensitivities + LpNewtonSolver),
written in NumPy: damped Newton on φ_δ(r) = (r² + δ²)^{p/2} (δ = 0 for p ≥ 2; for 1 < p < 2,
δ starts at the RMS residual of the ℓ2 start and shrinks tenfold per stage) subject to
q_iᵀx = 1 (KKT system by elimination of the multiplier, Cholesky of the d×d Hessian with the
same tiny ridge), Armijo backtracking (1e-4, halving), warm start x = q_i/‖q_i‖², at most 80
steps per stage, stopping when the Newton decrement falls below 1e-14 of the objective.
After each stage the Fenchel dual bound D (from u = φ'(Qx) projected so that Qᵀu = μq_i) is
computed, and stages continue until the relative gap (P − D)/P ≤ 1e-8 (the spec default
`tolerance`); for p ≥ 2 at most 3 stages. (The Swift side's extra p = 1 vertex certificates
are not needed here: p = 1 uses the LP.)

checksum = Σ σ_i over the rows solved: the total sensitivity 𝔖 when all rows are solved.
Known: 𝔖 = d at p = 2, 𝔖 ≤ d for p ≤ 2 (so NOT ≥ d at p = 1), 𝔖 ≤ d^{p/2} for p > 2; at
p ≠ 2 there is no closed form, so the harness cross-checks the peer's checksum against the
Swift side's Σ σ_i on the same matrix (--matrix), agreeing to about the solver tolerance.

Usage: python3 bench/peers/sensitivities.py --n 4000 --d 10 --p 1 --seed 1 --repeat 1
                                            [--rows K] [--form dual|primal] [--matrix a.npy]
With --rows K only the first K rows are solved (after the QR of the whole matrix); the
reported seconds_per_call is the measured time scaled to all n rows
(QR time + per-row time × n), the JSON then carries "rows_timed": K and the checksum is
the sum over those K rows.
Prints one JSON line {"seconds_per_call", "peer", "checksum", "rows_timed", and "lp_form"
(p = 1) or "max_gap" (p > 1)}.
"""

import time

import numpy as np
import scipy.linalg
import scipy.sparse
from scipy.optimize import linprog

from peer_common import orthonormal_basis, parse_arguments, report, test_matrix


def sensitivity_lp_dual(q, i):
    """p = 1: 1 / max {μ : Qᵀu = μ q_i, ‖u‖_∞ ≤ 1} by HiGHS."""
    n, d = q.shape
    cost = np.zeros(n + 1)
    cost[-1] = -1
    a_eq = np.hstack([q.T, -q[i][:, None]])
    result = linprog(cost, A_eq=a_eq, b_eq=np.zeros(d), bounds=[(-1, 1)] * n + [(None, None)], method="highs")
    if result.status != 0:
        raise RuntimeError(f"row {i}: {result.message}")
    return 1 / -result.fun


def sensitivity_lp(q, i, constraints):
    """p = 1: 1 / min {‖Qx‖₁ : q_iᵀx = 1} by HiGHS (primal form)."""
    n, d = q.shape
    cost = np.concatenate([np.zeros(d), np.ones(n)])
    a_eq = np.concatenate([q[i], np.zeros(n)])[None, :]
    result = linprog(cost, A_ub=constraints, b_ub=np.zeros(2 * n), A_eq=a_eq, b_eq=[1.0],
                     bounds=[(None, None)] * d + [(0, None)] * n, method="highs")
    if result.status != 0:
        raise RuntimeError(f"row {i}: {result.message}")
    return 1 / result.fun


def lp_constraints(q):
    """[Q −I; −Q −I] (sparse), so that the rows say −t ≤ Qx ≤ t."""
    n = q.shape[0]
    identity = scipy.sparse.identity(n, format="csr")
    qs = scipy.sparse.csr_matrix(q)
    return scipy.sparse.vstack([scipy.sparse.hstack([qs, -identity]),
                                scipy.sparse.hstack([-qs, -identity])], format="csr")


class Penalty:
    """φ_δ(r) = (r² + δ²)^{p/2} and its derivatives (δ = 0: |r|^p)."""

    def __init__(self, p):
        self.p = p

    def value(self, r, delta):
        return np.abs(r) ** self.p if delta == 0 else (r * r + delta * delta) ** (self.p / 2)

    def derivatives(self, r, delta):
        p = self.p
        s = r * r + delta * delta
        with np.errstate(divide="ignore", invalid="ignore"):
            h = np.where(s > 0, s ** (p / 2 - 1), 0.0)
            first = p * r * h
            second = np.where(s > 0, p * h * ((p - 1) * r * r + delta * delta) / s, 2.0 if p == 2 else 0.0)
        return first, second


def newton(q, x, c, penalty, delta, max_iterations=80):
    """Damped Newton for min Σ φ_δ(Qx) s.t. cᵀx = 1 from a feasible x (modified in place)."""
    d = q.shape[1]
    r = q @ x
    value = penalty.value(r, delta).sum()
    taken = 0
    while taken < max_iterations:
        first, second = penalty.derivatives(r, delta)
        gradient = q.T @ first
        hessian = q.T @ (q * second[:, None])
        ridge = 1e-13 * max(np.trace(hessian), 1e-300) / d
        factor = None
        for _ in range(6):
            hessian[np.diag_indices(d)] += ridge
            try:
                factor = scipy.linalg.cho_factor(hessian)
                break
            except np.linalg.LinAlgError:
                ridge *= 100
        if factor is None:
            break
        v1 = scipy.linalg.cho_solve(factor, gradient)
        v2 = scipy.linalg.cho_solve(factor, c)
        nu = -(c @ v1) / (c @ v2)
        direction = -v1 - nu * v2
        slope = gradient @ direction
        if not (slope < 0 and -slope > 1e-14 * value):
            break
        step = q @ direction
        t, accepted = 1.0, False
        for _ in range(60):
            trial = r + t * step
            candidate = penalty.value(trial, delta).sum()
            if candidate <= value + 1e-4 * t * slope:
                value, accepted = candidate, True
                break
            t *= 0.5
        taken += 1
        if not accepted:
            break
        x += t * direction
        r = trial
    return taken


def certify(q, x, c, penalty, delta):
    """Rescales x to cᵀx = 1; returns (primal P = ‖Qx‖_p^p, Fenchel dual bound D ≤ 1/σ)."""
    p = penalty.p
    x /= c @ x
    r = q @ x
    primal = (np.abs(r) ** p).sum()
    u, _ = penalty.derivatives(r, delta)
    g = q.T @ u
    mu = (c @ g) / (c @ c)
    u = u - q @ (g - mu * c)
    if mu <= 0:
        return primal, 0.0
    conjugate = p / (p - 1)
    s = ((np.abs(u) / p) ** conjugate).sum()
    if s <= 0:
        return primal, 0.0
    t = (mu / (p * s)) ** (p - 1)
    return primal, t * mu / p


def sensitivity_newton(q, i, penalty, tolerance=1e-8):
    c = q[i]
    tau = c @ c
    if tau == 0:
        return 0.0, 0.0
    x = c / tau
    delta = 0.0 if penalty.p >= 2 else float(np.sqrt(np.mean((q @ x) ** 2)))
    primal, dual = certify(q, x, c, penalty, delta)
    stage = 0
    while (primal - dual) / primal > tolerance and stage < 40:
        newton(q, x, c, penalty, delta)
        candidate, bound = certify(q, x, c, penalty, delta)
        primal, dual = min(primal, candidate), max(dual, bound)
        stage += 1
        if penalty.p < 2:
            delta *= 0.1
        elif stage >= 3:
            break
    return 1 / primal, max(0.0, primal - dual) / primal


def main():
    args = parse_arguments(__doc__.splitlines()[0], sensitivity_options=True)
    if args.p < 1:
        raise SystemExit("p ≥ 1 required")
    a = test_matrix(args)
    n = a.shape[0]
    rows = n if args.rows is None else max(1, min(args.rows, n))
    per_call, checksum, worst_gap = [], 0.0, 0.0
    for _ in range(max(1, args.repeat)):
        start = time.perf_counter()
        q = orthonormal_basis(a)
        basis_seconds = time.perf_counter() - start
        if args.p == 1 and args.form == "dual":
            sigma = [sensitivity_lp_dual(q, i) for i in range(rows)]
        elif args.p == 1:
            constraints = lp_constraints(q)
            sigma = [sensitivity_lp(q, i, constraints) for i in range(rows)]
        else:
            penalty = Penalty(args.p)
            solved = [sensitivity_newton(q, i, penalty) for i in range(rows)]
            sigma = [s for s, _ in solved]
            worst_gap = max(gap for _, gap in solved)
        rows_seconds = time.perf_counter() - start - basis_seconds
        # The QR once, the row solves (with the primal LP's set-up) scaled to all n rows.
        per_call.append(basis_seconds + rows_seconds * n / rows)
        checksum = float(np.sum(sigma))
    extra = {"rows_timed": rows}
    if args.p == 1:
        extra["lp_form"] = args.form
    if args.p != 1:
        extra["max_gap"] = worst_gap
    report(float(np.median(per_call)), checksum, **extra)


if __name__ == "__main__":
    main()
