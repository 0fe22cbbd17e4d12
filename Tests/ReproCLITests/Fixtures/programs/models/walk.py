"""A damped random walk as a model program: e_{t+1} = rate * e_t + noise * N(0, 1) draws,
the start drawn from the instance seed, the noise from the algorithm seed. It reports the
seeds it was given (modulo a prime) so that the tests can check them."""
import json
import random
import sys

SCHEMA = {
    "version": 1,
    "summary": "Damped random walk (test program)",
    "parameters": [
        {"name": "size", "kind": "integer", "min": 1, "max": 100, "default": 4, "instance": True,
         "summary": "scale of the start"},
        {"name": "rate", "kind": "real", "min": 0, "max": 1, "min_open": True, "default": 0.5,
         "summary": "contraction per step"},
        {"name": "iterations", "kind": "integer", "min": 1, "default": 40, "summary": "steps"},
    ],
    "metrics": [
        {"name": "final_error", "summary": "|e_T|"},
        {"name": "start", "summary": "e_0, drawn from the instance seed"},
        {"name": "instance_seed_mod", "summary": "instance seed mod 1000003"},
        {"name": "algorithm_seed_mod", "summary": "algorithm seed mod 1000003"},
        {"name": "hitting_time", "summary": "first t with |e_t| < 1e-9, or infinity"},
    ],
    "series": [{"name": "error", "summary": "|e_t|"}],
}


def run(request):
    p = request["parameters"]
    instance_seed = int(request["seeds"]["instance"])
    algorithm_seed = int(request["seeds"]["algorithm"])
    every = request["record"]["every"]
    start = p["size"] * (1.0 + random.Random(instance_seed).random())
    noise = random.Random(algorithm_seed)
    e, hit, steps, values = start, float("inf"), [], []
    for t in range(p["iterations"] + 1):
        if t % every == 0 or t == p["iterations"]:
            steps.append(t)
            values.append(abs(e))
        if abs(e) < 1e-9 and hit == float("inf"):
            hit = t
        e = p["rate"] * e + 1e-12 * noise.gauss(0.0, 1.0)
    print(json.dumps({"series": "error", "steps": steps, "values": values}))
    print(json.dumps({"status": "ok", "metrics": {
        "final_error": values[-1], "start": start, "hitting_time": "inf" if hit == float("inf") else hit,
        "instance_seed_mod": instance_seed % 1000003, "algorithm_seed_mod": algorithm_seed % 1000003}}))


if __name__ == "__main__":
    if sys.argv[-1] == "describe":
        print(json.dumps(SCHEMA))
    else:
        for line in sys.stdin:
            run(json.loads(line))
            sys.stdout.flush()
