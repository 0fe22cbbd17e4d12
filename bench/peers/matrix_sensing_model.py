"""The symmetric matrix-sensing model of Xiong, Ding & Du (ICLR 2024) in NumPy, as a model
program of `repro` (docs/model-programs.md): the same parameters, metrics and series as the
Swift model `matrix-sensing` with parameterization symmetric, computed independently.

Instance (from the instance seed, numpy.random.default_rng): M* = U diag(s) Uᵀ and the m×n²
Gaussian operator (`matrix_sensing.sensing_instance`); start (from the algorithm seed):
X_0 = α N(0, 1)/√n, n×k; iteration: `matrix_sensing.SymmetricDescent`; loop and error-curve
summaries: `sensing_loop`. With k = r the local Hessian of the loss at a factor X* of M*,
H = (2/m) Σ g_i g_iᵀ with g_i = vec(sym(A_i) X*), predicts the linear rate
−ln max(|1 − η λ⁺|, |1 − η λ_max|), λ⁺ its smallest eigenvalue above the r(r−1)/2 rotations."""
import math

import numpy as np

from matrix_sensing import SymmetricDescent, sensing_instance
from model_program import parameter, serve
from sensing_loop import (hitting_times, iteration_parameters, linear_rate, loglog_slope, planted_parameters,
                          run_loop)


SCHEMA = {
    "version": 1,
    "summary": "Symmetric gradient descent for low-rank matrix sensing, NumPy implementation "
               "(Xiong, Ding, Du, ICLR 2024, arXiv 2310.01769)",
    "parameters": [
        *planted_parameters("n", "M*", "s", 50, 400, [], "eigenvalues of M* (r values > 0); empty = r values "
                            "evenly spaced from 1 down to 0.5", 1500, "k"),
        parameter("parameterization", "choice", "symmetric", "symmetric (XXᵀ); the only one implemented here",
                  choices=["symmetric"]),
        parameter("init_scale", "real", 0.1, "initialization scale: X_0 entries α·N(0,1)/√n", symbol="α",
                  min=0, min_open=True),
        *iteration_parameters("gradient step size", "‖M_t − M*‖_F"),
    ],
    "metrics": [
        {"name": "final_error", "summary": "‖M_T − M*‖_F at the last iteration run"},
        {"name": "final_loss", "summary": "training loss at the last iteration run"},
        {"name": "iterations_run", "summary": "iterations actually run"},
        *({"name": f"iterations_to_1e-{k}", "summary": f"first t with error < 1e-{k} (+inf if never)"}
          for k in (2, 4, 6, 8)),
        {"name": "linear_rate", "summary": "−slope of ln(error) vs t over the second half of [0, t_floor]"},
        {"name": "loglog_slope", "summary": "slope of ln(error) vs ln(t) over [t_floor/10, t_floor]"},
        {"name": "error_times_eta_t", "summary": "final_error · η · iterations_run"},
        {"name": "hessian_rate", "summary": "k = r only: −ln(1 − η·λ⁺) from the loss's Hessian at a factor of M*"},
        {"name": "rate_over_hessian", "summary": "k = r only: linear_rate / hessian_rate"},
        {"name": "hitting_time_over_hessian",
         "summary": "k = r only: iterations_to_1e-8 / (ln(error₀/1e-8) / hessian_rate)"},
        {"name": "diverged_at", "summary": "the iteration at which a diverged run stopped"},
    ],
    "series": [
        {"name": "error", "summary": "‖M_t − M*‖_F, every record.every iterations and at the last one"},
        {"name": "loss", "summary": "training loss (1/4m)·Σ rᵢ², same steps as error"},
    ],
}


def hessian_rate(a, m_star, rank, step):
    """−ln max(|1 − η λ⁺|, |1 − η λ_max|) of the Hessian at X* = V_r diag(λ_r)^(1/2), or None
    when λ⁺ is not separated from the rotation null space or the prediction is no contraction."""
    m, n = a.shape[0], m_star.shape[0]
    values, vectors = np.linalg.eigh(m_star)
    factor = vectors[:, -rank:] * np.sqrt(np.maximum(values[-rank:], 0.0))
    operators = a.reshape(m, n, n)
    jacobian = (0.5 * (operators + operators.transpose(0, 2, 1)) @ factor).reshape(m, n * rank)
    eigenvalues = np.linalg.eigvalsh(2.0 / m * jacobian.T @ jacobian)
    null = rank * (rank - 1) // 2
    largest = eigenvalues[-1]
    tolerance = 1e-8 * largest
    if largest <= 0 or eigenvalues.size <= null or np.any(np.abs(eigenvalues[:null]) > tolerance):
        return None
    smallest = eigenvalues[null]
    if smallest <= tolerance:
        return None
    contraction = max(abs(1 - step * smallest), abs(1 - step * largest))
    return -math.log(contraction) if contraction < 1 else None


def run(p, seeds, every, emit_series):
    n, r, k, m = p["n"], p["rank"], p["search_rank"], p["measurements"]
    spectrum = p["spectrum"] or ([1.0] if r == 1 else [1.0 - 0.5 * j / (r - 1) for j in range(r)])
    m_star, a, y = sensing_instance(np.random.default_rng(seeds["instance"]), n, spectrum, m)
    x = p["init_scale"] / math.sqrt(n) * np.random.default_rng(seeds["algorithm"]).standard_normal((n, k))
    descent = SymmetricDescent(a, y, m_star, x, p["step"])
    predicted = hessian_rate(a, m_star, r, p["step"]) if k == r else None
    status, message, errors, series, loss, diverged_at = run_loop(
        descent, p["iterations"], every, p["stop_below"], p["blowup"], "‖M_t − M*‖_F")
    for name, (steps, values) in series.items():
        emit_series(name, steps, values)
    final = errors[-1] if errors else math.nan
    metrics = {"final_error": final, "final_loss": loss, "iterations_run": max(0, len(errors) - 1),
               "error_times_eta_t": final * p["step"] * max(0, len(errors) - 1),
               "hessian_rate": predicted, "diverged_at": diverged_at, "linear_rate": None, "loglog_slope": None,
               "rate_over_hessian": None, "hitting_time_over_hessian": None}
    metrics.update(hitting_times(errors, (2, 4, 6, 8)))
    if predicted is not None and errors:
        metrics["hitting_time_over_hessian"] = metrics["iterations_to_1e-8"] * predicted / math.log(errors[0] / 1e-8)
    if status == "ok":
        metrics["linear_rate"] = linear_rate(errors, p["rate_floor"])
        metrics["loglog_slope"] = loglog_slope(errors, p["rate_floor"])
        if metrics["linear_rate"] is not None and predicted is not None:
            metrics["rate_over_hessian"] = metrics["linear_rate"] / predicted
    return status, message, metrics


if __name__ == "__main__":
    serve(SCHEMA, run)
