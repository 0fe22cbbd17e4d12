"""The command-line contract every peer of `make bench` follows.

A peer is run as

    python3 bench/peers/<name>.py --seed S --repeat R [--iterations K] [workload options]

and prints exactly one JSON line on stdout:

    {"seconds_per_iteration": x, "peer": "...", "checksum": y}   (iterative peers)
    {"seconds_per_call": x, "peer": "...", "checksum": y}        (one-shot peers)

x is the median over R timed repetitions, measured after the setup (instance generation)
and a warm-up; y is a number computed from the result, so the work cannot be skipped.
BLAS threads are fixed by the caller (OPENBLAS_NUM_THREADS=1).
"""
import argparse
import json
import statistics
import time


def parse(description, options):
    """Parses --seed, --repeat, --iterations and the workload's own `options`
    (a list of (flag, type, default))."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--iterations", type=int, default=100)
    for flag, kind, default in options:
        parser.add_argument(flag, type=kind, default=default)
    return parser.parse_args()


def seconds_per_iteration(step, iterations, repeat):
    """Median over `repeat` blocks of `iterations` calls of `step` (after one warm-up
    block of a tenth of the size) of the seconds per call."""
    for _ in range(max(1, iterations // 10)):
        step()
    per_iteration = []
    for _ in range(repeat):
        start = time.perf_counter()
        for _ in range(iterations):
            step()
        per_iteration.append((time.perf_counter() - start) / iterations)
    return statistics.median(per_iteration)


def emit(peer, checksum, **seconds):
    """Prints the one JSON line of the contract."""
    print(json.dumps({**seconds, "peer": peer, "checksum": float(checksum)}))
