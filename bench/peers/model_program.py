"""The model-program protocol of `repro` (docs/model-programs.md) for a Python model.

A program calls `serve(schema, run)` from its `__main__`:

- started with `describe` as its last argument, it prints `schema` as one JSON object;
- started with `worker`, it reads one JSON request per line from stdin, calls
  `run(parameters, seeds, record_every, emit_series)` and writes the run's result line.

`run` gets the parameters by name, the two seeds as Python ints (the request carries them as
decimal strings: they use all 64 bits) and the record policy; it sends each series with
`emit_series(name, steps, values)` and returns `(status, message, metrics)`. A metric that
does not apply to the run is `None` (sent as null); +inf (a threshold never reached) is sent
as the string "inf". An exception is reported as a failed run with its one-line message.
"""
import json
import math
import sys


def parameter(name, kind, default, summary, instance=False, symbol="", **bounds):
    """One entry of the schema's `parameters`; `bounds` are `min`, `max`, `min_open`,
    `max_open` or `choices`."""
    return {"name": name, "kind": kind, "default": default, "instance": instance, "symbol": symbol,
            "summary": summary, **bounds}


def _number(value):
    """A metric or series value as JSON allows it: +-inf as "inf"/"-inf", None as null."""
    if value is None:
        return None
    value = float(value)
    if math.isinf(value):
        return "inf" if value > 0 else "-inf"
    return value


def _write(obj):
    sys.stdout.write(json.dumps(obj, allow_nan=True) + "\n")


def serve(schema, run):
    """Answers `describe`, or serves run requests until stdin ends (see the module's doc)."""
    if sys.argv[-1] == "describe":
        print(json.dumps(schema))
        return
    for line in sys.stdin:
        if not line.strip():
            continue
        request = json.loads(line)
        seeds = {name: int(text) for name, text in request["seeds"].items()}

        def emit_series(name, steps, values):
            _write({"series": name, "steps": [int(s) for s in steps], "values": [_number(v) for v in values]})

        try:
            status, message, metrics = run(request["parameters"], seeds, int(request["record"]["every"]), emit_series)
        except Exception as error:  # a failed run, stored with its reason; the worker goes on
            status, message, metrics = "failed", f"{type(error).__name__}: {error}".replace("\n", " "), {}
        result = {"status": status, "metrics": {name: _number(v) for name, v in metrics.items()}}
        if message:
            result["message"] = message
        _write(result)
        sys.stdout.flush()
