"""NumPy peer of `robust-recovery` with algorithm subgm: the sub-gradient method on the ℓ1
loss f(U) = (1/m) Σ |<A_i, UUᵀ> − y_i| for X* (d×d, rank r) from m Gaussian measurements
with a fraction of outliers, from the spectral initialization, the way a NumPy user writes
it: the full operator as an m×d² array, residuals r = A @ vec(UUᵀ) − y,
Q = reshape(Aᵀ sign(r))/m, U ← U − η ρ^t / ‖Q‖₂ · (Q + Qᵀ) U. Each iteration also
computes the error ‖UUᵀ − X*‖_F and the loss, as the project's iteration does.

The same instance (`recovery_instance`), initialization (`spectral_initialization`) and
iteration (`SubgradientDescent`) serve the model program `robust_recovery_model.py`
(experiments/ma2022/models/robust-recovery-numpy.yaml)."""
import numpy as np

from contract import emit, parse, seconds_per_iteration
from sensing_loop import planted_low_rank


def recovery_instance(rng, d, spectrum, m, outlier_fraction, outlier_std):
    """X*, the m×d² Gaussian operator A and y = A vec(X*) + s, s_i ~ N(0, outlier_std²) on a
    Bernoulli(outlier_fraction) subset of the measurements, 0 elsewhere."""
    x_star, _ = planted_low_rank(rng, d, spectrum)
    a = rng.standard_normal((m, d * d))
    outliers = rng.random(m) < outlier_fraction
    y = a @ x_star.ravel() + np.where(outliers, outlier_std * rng.standard_normal(m), 0.0)
    return x_star, a, y


def spectral_initialization(a, y, search_rank, scale):
    """U_0 = α [v_1 … v_r'] diag(max(λ_i, 0))^(1/2) from the top r' eigenpairs of
    C = (1/m) Σ sign(y_i) sym(A_i) (Algorithm 2 of the paper)."""
    m, d = y.size, int(round(np.sqrt(a.shape[1])))
    c = (a.T @ np.sign(y)).reshape(d, d) / m
    eigenvalues, eigenvectors = np.linalg.eigh(0.5 * (c + c.T))
    top = slice(d - 1, d - 1 - search_rank, -1) if d > search_rank else slice(None, None, -1)
    return scale * eigenvectors[:, top] * np.sqrt(np.maximum(eigenvalues[top], 0.0))


class SubgradientDescent:
    """U_{t+1} = U_t − η ρ^t / ‖Q_t‖₂ · (Q_t + Q_tᵀ) U_t, Q_t = (1/m) Σ sign(r_i) A_i, with the
    loss (1/m) Σ |r_i|; a step with Q_t = 0 (every residual 0) leaves U_t as it is."""

    def __init__(self, a, y, x_star, u, step, decay):
        self.a, self.y, self.x_star, self.u = a, y, x_star, u
        self.step_size, self.decay = step, decay
        self.d = x_star.shape[0]
        self.residuals = None

    def evaluate(self):
        """‖U Uᵀ − X*‖_F and the ℓ1 loss at the current U (keeps the residuals for `step`)."""
        product = self.u @ self.u.T
        error = np.linalg.norm(product - self.x_star)
        self.residuals = self.a @ product.ravel() - self.y
        return error, np.mean(np.abs(self.residuals))

    def step(self, t):
        """One sub-gradient step at iteration t from the residuals of the last `evaluate`."""
        q = (self.a.T @ np.sign(self.residuals)).reshape(self.d, self.d) / self.y.size
        norm = np.linalg.norm(q, 2)
        if norm > 0:
            self.u = self.u - self.step_size * self.decay ** t / norm * ((q + q.T) @ self.u)


def main():
    args = parse(__doc__, [("--d", int, 20), ("--m", int, 500), ("--search-rank", int, 20),
                           ("--outlier-fraction", float, 0.2), ("--outlier-std", float, 10.0),
                           ("--init-scale", float, 1e-15), ("--step", float, 0.5), ("--decay", float, 0.992)])
    rng = np.random.default_rng(args.seed)
    x_star, a, y = recovery_instance(rng, args.d, [10.0, 5.0, 1.0], args.m, args.outlier_fraction, args.outlier_std)
    u = spectral_initialization(a, y, args.search_rank, args.init_scale)
    descent = SubgradientDescent(a, y, x_star, u, args.step, args.decay)
    state = {"t": 0, "error": 0.0}

    def iteration():
        state["error"], _ = descent.evaluate()
        descent.step(state["t"])
        state["t"] += 1

    seconds = seconds_per_iteration(iteration, args.iterations, args.repeat)
    emit("numpy subgm (full m×d² operator, two passes)", state["error"], seconds_per_iteration=seconds)


if __name__ == "__main__":
    main()
