"""A model program that misbehaves as its parameter `behaviour` says."""
import json
import os
import sys
import time

SCHEMA = {
    "summary": "Misbehaving program (test)",
    "parameters": [
        {"name": "behaviour", "kind": "choice",
         "choices": ["ok", "crash", "exit", "hang", "garbage", "nan", "missing", "undeclared"], "default": "ok"},
    ],
    "metrics": ["value", "pid"],
    "series": ["error"],
}


def run(request):
    behaviour = request["parameters"]["behaviour"]
    print(json.dumps({"series": "error", "step": 0, "value": 1.0}))
    if behaviour == "crash":
        sys.stderr.write("Traceback (most recent call last):\nZeroDivisionError: division by zero\n")
        sys.stderr.flush()
        os.kill(os.getpid(), 9)
    if behaviour == "exit":
        sys.stderr.write("giving up\n")
        sys.exit(3)
    if behaviour == "hang":
        time.sleep(3600)
    if behaviour == "garbage":
        print("iteration 1: loss 0.5")
        return
    metrics = {"value": 1.0, "pid": os.getpid()}
    if behaviour == "nan":
        metrics["value"] = float("nan")
    if behaviour == "missing":
        del metrics["value"]
    if behaviour == "undeclared":
        metrics["other"] = 2.0
    print(json.dumps({"status": "ok", "metrics": metrics}))


if sys.argv[-1] == "describe":
    print(json.dumps(SCHEMA))
else:
    for line in sys.stdin:
        run(json.loads(line))
        sys.stdout.flush()
