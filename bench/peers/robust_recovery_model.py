"""The sub-gradient method (SubGM) of Ma & Fattahi (JMLR 2023) for robust low-rank matrix
recovery in NumPy, as a model program of `repro` (docs/model-programs.md): the parameters,
metrics and series of the Swift model `robust-recovery` that SubGM with the spectral
initialization uses, computed independently.

Instance (from the instance seed, numpy.random.default_rng): X* = V diag(λ) Vᵀ, the m×d²
Gaussian operator and outliers (`subgm.recovery_instance`); start: `subgm.spectral_initialization`
(deterministic given the instance); iteration: `subgm.SubgradientDescent`; loop and hitting
times: `sensing_loop`."""
import math

import numpy as np

from model_program import parameter, serve
from sensing_loop import hitting_times, iteration_parameters, planted_parameters, run_loop
from subgm import SubgradientDescent, recovery_instance, spectral_initialization

HITTING_EXPONENTS = range(1, 13)


SCHEMA = {
    "version": 1,
    "summary": "Sub-gradient method for robust low-rank matrix recovery, NumPy implementation "
               "(Ma, Fattahi, JMLR 2023, arXiv 2202.08788)",
    "parameters": [
        *planted_parameters("d", "X*", "λ", 20, 200, [10.0, 5.0, 1.0], "eigenvalues of X* (r values > 0)", 500, "r'"),
        parameter("noise", "choice", "none", "none; outliers (s_i ~ N(0, outlier_std²) with probability p)", True,
                  choices=["none", "outliers"]),
        parameter("outlier_fraction", "real", 0.1, "probability that a measurement is an outlier (noise: outliers)",
                  True, "p", min=0, max=1, max_open=True),
        parameter("outlier_std", "real", 10.0, "standard deviation of an outlier (noise: outliers)", True, min=0),
        parameter("algorithm", "choice", "subgm", "subgm (η·ρ^t/‖Q_t‖₂); the only one implemented here",
                  choices=["subgm"]),
        parameter("init", "choice", "spectral", "spectral (the paper's Algorithm 2); the only one implemented here",
                  choices=["spectral"]),
        parameter("init_scale", "real", 1e-3, "initialization scale", symbol="α", min=0, min_open=True),
        parameter("decay", "real", 1.0, "geometric step decay: η_t = η·ρ^t/‖Q_t‖₂", symbol="ρ",
                  min=0, max=1, min_open=True),
        *iteration_parameters("step size constant", "‖U_tU_tᵀ − X*‖_F"),
    ],
    "metrics": [
        {"name": "final_error", "summary": "‖U_TU_Tᵀ − X*‖_F at the last iteration run"},
        {"name": "final_loss", "summary": "ℓ1 loss (1/m)Σ|⟨A_i, U_TU_Tᵀ⟩ − y_i|"},
        {"name": "min_error", "summary": "smallest ‖U_tU_tᵀ − X*‖_F over the run"},
        {"name": "iterations_run", "summary": "iterations actually run"},
        *({"name": f"iterations_to_1e-{k}", "summary": f"first t with error < 1e-{k} (+inf if never)"}
          for k in HITTING_EXPONENTS),
        {"name": "diverged_at", "summary": "the iteration at which a diverged run stopped"},
    ],
    "series": [
        {"name": "error", "summary": "‖U_tU_tᵀ − X*‖_F, every record.every iterations and at the last one"},
        {"name": "loss", "summary": "ℓ1 loss f(U_t), same steps as error"},
    ],
}


def run(p, seeds, every, emit_series):
    d, r = p["d"], p["rank"]
    if len(p["spectrum"]) != r:
        raise ValueError(f"spectrum has {len(p['spectrum'])} values but rank r = {r}")
    fraction = p["outlier_fraction"] if p["noise"] == "outliers" else 0.0
    x_star, a, y = recovery_instance(np.random.default_rng(seeds["instance"]), d, p["spectrum"], p["measurements"],
                                     fraction, p["outlier_std"])
    u = spectral_initialization(a, y, p["search_rank"], p["init_scale"])
    descent = SubgradientDescent(a, y, x_star, u, p["step"], p["decay"])
    status, message, errors, series, loss, diverged_at = run_loop(
        descent, p["iterations"], every, p["stop_below"], p["blowup"], "‖U_tU_tᵀ − X*‖_F")
    for name, (steps, values) in series.items():
        emit_series(name, steps, values)
    metrics = {"final_error": errors[-1] if errors else math.nan, "final_loss": loss,
               "min_error": min(errors) if errors else math.nan, "iterations_run": max(0, len(errors) - 1),
               "diverged_at": diverged_at}
    metrics.update(hitting_times(errors, HITTING_EXPONENTS))
    return status, message, metrics


if __name__ == "__main__":
    serve(SCHEMA, run)
