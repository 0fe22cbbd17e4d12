"""NumPy peer of `matrix-sensing`, symmetric model: gradient descent on X (n×k) for
M* (rank r) from m Gaussian measurements y_i = <A_i, M*>, the way a NumPy user writes it:
the full operator as an m×n² array, residuals r = A @ vec(XXᵀ) − y, gradient
E = reshape(Aᵀ r)/m symmetrized, X ← X − η E X. Each iteration also computes the error
‖XXᵀ − M*‖_F and the loss, as the project's iteration does."""
import numpy as np

from contract import emit, parse, seconds_per_iteration


def main():
    args = parse(__doc__, [("--n", int, 50), ("--m", int, 1500), ("--k", int, 4), ("--rank", int, 3),
                           ("--step", float, 0.1), ("--init-scale", float, 0.1)])
    n, m, k, r = args.n, args.m, args.k, args.rank
    rng = np.random.default_rng(args.seed)
    u, _ = np.linalg.qr(rng.standard_normal((n, r)))
    m_star = (u * np.linspace(1.0, 0.5, r)) @ u.T
    a = rng.standard_normal((m, n * n))
    y = a @ m_star.ravel()
    x = args.init_scale / np.sqrt(n) * rng.standard_normal((n, k))
    state = {"x": x, "error": 0.0, "loss": 0.0}

    def iteration():
        x = state["x"]
        product = x @ x.T
        state["error"] = np.linalg.norm(product - m_star)
        residuals = a @ product.ravel() - y
        state["loss"] = residuals @ residuals / (4 * m)
        gradient = (a.T @ residuals).reshape(n, n) / m
        gradient = 0.5 * (gradient + gradient.T)
        state["x"] = x - args.step * (gradient @ x)

    seconds = seconds_per_iteration(iteration, args.iterations, args.repeat)
    emit("numpy matrix sensing (full m×n² operator, two passes)", state["error"], seconds_per_iteration=seconds)


if __name__ == "__main__":
    main()
