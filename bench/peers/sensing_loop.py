"""The iteration loop and the error-curve summaries of the sensing models, in NumPy, as
`repro`'s Swift models define them (Sources/Sensing: SensingLoop, PointRun, ErrorCurve):

- each iteration t = 0, 1, ..., T: the error e_t of the current iterate, which stops the run
  as diverged when it is not finite or above `blowup`; the loss; e_t and the loss recorded when
  t is a multiple of `every` and at the last iteration; the run ends at t = T or once
  e_t < `stop_below`; otherwise one step;
- hitting times (first t with e_t < 10^-k, else +inf), the linear rate (-slope of ln e_t vs t
  over the second half of [start, t_floor], t_floor the first t with e_t < rate_floor, else the
  last t) and the log-log slope (slope of ln e_t vs ln t over [t_floor/10, t_floor]).
"""
import math

import numpy as np

from model_program import parameter


def iteration_parameters(step, error):
    """The schema entries step, iterations, stop_below, rate_floor and blowup, as the Swift
    `IterationSettings.parameters(step:error:)`; `step` describes η, `error` names the distance."""
    return [
        parameter("step", "real", 0.1, step, symbol="η", min=0, min_open=True),
        parameter("iterations", "integer", 1000, "iteration budget", symbol="T", min=1, max=10000000),
        parameter("stop_below", "real", 0.0, f"stop early once {error} falls below this (0 = run the whole budget)",
                  min=0),
        parameter("rate_floor", "real", 1e-10, f"rate fits end at the first t with {error} < rate_floor (else T)",
                  min=0, min_open=True),
        parameter("blowup", "real", 1e6, f"{error} above this (or NaN/Inf) stops the run as diverged",
                  min=0, min_open=True),
    ]


def planted_parameters(side, truth, spectrum_symbol, default_side, max_side, default_spectrum, spectrum_summary,
                       default_measurements, search_symbol):
    """The schema entries of a planted low-rank problem: its side, rank, spectrum and
    measurements (instance parameters) and the search rank, as the Swift `PlantedProblemParameters`."""
    return [
        parameter(side, "integer", default_side, f"side of the square ground truth {truth}", True, side,
                  min=1, max=max_side),
        parameter("rank", "integer", 3, f"rank of {truth}", True, "r", min=1, max=max_side),
        parameter("spectrum", "reals", default_spectrum, spectrum_summary, True, spectrum_symbol),
        parameter("measurements", "integer", default_measurements, "number of Gaussian measurement matrices A_i",
                  True, "m", min=1, max=1000000),
        parameter("search_rank", "integer", 3, f"columns of the factors ({search_symbol} = r exact, "
                  f"{search_symbol} > r over-parameterized)", symbol=search_symbol, min=1, max=max_side),
    ]


def run_loop(point, iterations, every, stop_below, blowup, error_name):
    """Runs `point` (with `evaluate()` -> (error, loss) of the current iterate and `step(t)`)
    and returns (status, message, errors, series, last_loss, diverged_at); `series` maps
    "error" and "loss" to (steps, values)."""
    errors = []
    error_steps, error_values, loss_steps, loss_values = [], [], [], []
    loss = math.nan
    for t in range(iterations + 1):
        error, loss_now = point.evaluate()
        if not math.isfinite(error) or error > blowup:
            # The error curve ends where the run did: at the last admitted error.
            if errors and (not error_steps or error_steps[-1] != t - 1):
                error_steps.append(t - 1)
                error_values.append(errors[-1])
            message = f"error {error_name} = {error} exceeded the blow-up bound {blowup} at iteration {t}"
            series = {"error": (error_steps, error_values), "loss": (loss_steps, loss_values)}
            return "diverged", message, errors, series, loss, t
        errors.append(error)
        loss = loss_now
        last = t == iterations or error < stop_below
        if last or t % every == 0:
            error_steps.append(t)
            error_values.append(error)
            loss_steps.append(t)
            loss_values.append(loss)
        if last:
            break
        point.step(t)
    return "ok", None, errors, {"error": (error_steps, error_values), "loss": (loss_steps, loss_values)}, loss, None


def hitting_times(errors, exponents):
    """iterations_to_1e-k for each k: the first t with e_t < 10^-k, else +inf."""
    e = np.asarray(errors)
    times = {}
    for k in exponents:
        below = np.nonzero(e < float(f"1e-{k}"))[0]
        times[f"iterations_to_1e-{k}"] = float(below[0]) if below.size else math.inf
    return times


def fit_end(errors, floor):
    """The first t with e_t < floor, else the last t."""
    below = np.nonzero(np.asarray(errors) < floor)[0]
    return int(below[0]) if below.size else len(errors) - 1


def _slope(x, y):
    keep = np.isfinite(x) & np.isfinite(y)
    x, y = x[keep], y[keep]
    if x.size < 2 or x.min() == x.max():
        return None
    xc = x - x.mean()
    return float((xc * (y - y.mean())).sum() / (xc * xc).sum())


def _log(values):
    v = np.asarray(values, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(v > 0, np.log(np.where(v > 0, v, 1.0)), np.nan)


def linear_rate(errors, floor, start=0):
    """-slope of ln e_t vs t over the second half of [start, fit_end]; None below 2 points."""
    end = fit_end(errors, floor)
    lo = start + (end - start) // 2
    if end <= lo:
        return None
    t = np.arange(lo, end + 1, dtype=float)
    slope = _slope(t, _log(errors[lo:end + 1]))
    return None if slope is None else -slope


def loglog_slope(errors, floor):
    """Slope of ln e_t vs ln t over [max(1, end/10), end]; None below 2 points."""
    end = fit_end(errors, floor)
    lo = max(1, end // 10)
    if end - lo < 1:
        return None
    t = np.arange(lo, end + 1, dtype=float)
    return _slope(np.log(t), _log(errors[lo:end + 1]))


def planted_low_rank(rng, side, spectrum):
    """M* = U diag(s) U^T with U the Q factor of a side x r Gaussian matrix, and U."""
    u, _ = np.linalg.qr(rng.standard_normal((side, len(spectrum))))
    return (u * np.asarray(spectrum, dtype=float)) @ u.T, u
