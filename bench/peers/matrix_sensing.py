"""NumPy peer of `matrix-sensing`, symmetric model: gradient descent on X (n×k) for
M* (rank r) from m Gaussian measurements y_i = <A_i, M*>, the way a NumPy user writes it:
the full operator as an m×n² array, residuals r = A @ vec(XXᵀ) − y, gradient
E = reshape(Aᵀ r)/m symmetrized, X ← X − η E X. Each iteration also computes the error
‖XXᵀ − M*‖_F and the loss, as the project's iteration does.

The same iteration (`SymmetricDescent`) and instance (`sensing_instance`) serve the model
program `matrix_sensing_model.py` (experiments/xiong2023/models/matrix-sensing-numpy.yaml)."""
import numpy as np

from contract import emit, parse, seconds_per_iteration
from sensing_loop import planted_low_rank


def sensing_instance(rng, n, spectrum, m):
    """M* (planted, rank len(spectrum)), the m×n² Gaussian operator A and y = A vec(M*)."""
    m_star, _ = planted_low_rank(rng, n, spectrum)
    a = rng.standard_normal((m, n * n))
    return m_star, a, a @ m_star.ravel()


class SymmetricDescent:
    """X_{t+1} = X_t − η E_t X_t with E_t = sym(Σ r_i A_i)/m, r_i = <A_i, X_t X_tᵀ> − y_i, and
    the loss (1/4m) Σ r_i²."""

    def __init__(self, a, y, m_star, x, step):
        self.a, self.y, self.m_star, self.x, self.step_size = a, y, m_star, x, step
        self.n = m_star.shape[0]
        self.residuals = None

    def evaluate(self):
        """‖X Xᵀ − M*‖_F and the loss at the current X (keeps the residuals for `step`)."""
        product = self.x @ self.x.T
        error = np.linalg.norm(product - self.m_star)
        self.residuals = self.a @ product.ravel() - self.y
        return error, self.residuals @ self.residuals / (4 * self.y.size)

    def step(self, t=0):
        """One gradient step from the residuals of the last `evaluate`."""
        gradient = (self.a.T @ self.residuals).reshape(self.n, self.n) / self.y.size
        gradient = 0.5 * (gradient + gradient.T)
        self.x = self.x - self.step_size * (gradient @ self.x)


def main():
    args = parse(__doc__, [("--n", int, 50), ("--m", int, 1500), ("--k", int, 4), ("--rank", int, 3),
                           ("--step", float, 0.1), ("--init-scale", float, 0.1)])
    n, m, k, r = args.n, args.m, args.k, args.rank
    rng = np.random.default_rng(args.seed)
    m_star, a, y = sensing_instance(rng, n, np.linspace(1.0, 0.5, r), m)
    x = args.init_scale / np.sqrt(n) * rng.standard_normal((n, k))
    descent = SymmetricDescent(a, y, m_star, x, args.step)
    state = {"error": 0.0}

    def iteration():
        state["error"], _ = descent.evaluate()
        descent.step()

    seconds = seconds_per_iteration(iteration, args.iterations, args.repeat)
    emit("numpy matrix sensing (full m×n² operator, two passes)", state["error"], seconds_per_iteration=seconds)


if __name__ == "__main__":
    main()
