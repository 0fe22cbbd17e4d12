"""NumPy peer of `robust-recovery` with algorithm subgm: the sub-gradient method on the ℓ1
loss f(U) = (1/m) Σ |<A_i, UUᵀ> − y_i| for X* (d×d, rank r) from m Gaussian measurements
with a fraction of outliers, from the spectral initialization, the way a NumPy user writes
it: the full operator as an m×d² array, residuals r = A @ vec(UUᵀ) − y,
Q = reshape(Aᵀ sign(r))/m, U ← U − η ρ^t / ‖Q‖₂ · (Q + Qᵀ) U. Each iteration also
computes the error ‖UUᵀ − X*‖_F and the loss, as the project's iteration does."""
import numpy as np

from contract import emit, parse, seconds_per_iteration


def main():
    args = parse(__doc__, [("--d", int, 20), ("--m", int, 500), ("--search-rank", int, 20),
                           ("--outlier-fraction", float, 0.2), ("--outlier-std", float, 10.0),
                           ("--init-scale", float, 1e-15), ("--step", float, 0.5), ("--decay", float, 0.992)])
    d, m, k = args.d, args.m, args.search_rank
    rng = np.random.default_rng(args.seed)
    spectrum = np.array([10.0, 5.0, 1.0])
    v, _ = np.linalg.qr(rng.standard_normal((d, spectrum.size)))
    x_star = (v * spectrum) @ v.T
    a = rng.standard_normal((m, d * d))
    outliers = rng.random(m) < args.outlier_fraction
    y = a @ x_star.ravel() + np.where(outliers, args.outlier_std * rng.standard_normal(m), 0.0)
    c = (a.T @ np.sign(y)).reshape(d, d) / m
    eigenvalues, eigenvectors = np.linalg.eigh(0.5 * (c + c.T))
    top = slice(d - 1, d - 1 - k, -1) if d > k else slice(None, None, -1)
    u = args.init_scale * eigenvectors[:, top] * np.sqrt(np.maximum(eigenvalues[top], 0.0))
    state = {"u": u, "t": 0, "error": 0.0, "loss": 0.0}

    def iteration():
        u = state["u"]
        product = u @ u.T
        state["error"] = np.linalg.norm(product - x_star)
        residuals = a @ product.ravel() - y
        state["loss"] = np.mean(np.abs(residuals))
        q = (a.T @ np.sign(residuals)).reshape(d, d) / m
        step = args.step * args.decay ** state["t"] / np.linalg.norm(q, 2)
        state["u"] = u - step * ((q + q.T) @ u)
        state["t"] += 1

    seconds = seconds_per_iteration(iteration, args.iterations, args.repeat)
    emit("numpy subgm (full m×d² operator, two passes)", state["error"], seconds_per_iteration=seconds)


if __name__ == "__main__":
    main()
