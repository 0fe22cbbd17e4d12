#!/usr/bin/env python3
"""Runs a command, its output appended to a log, and prints one JSON line: exit status,
wall seconds and the command's peak resident memory (ru_maxrss from wait4). The store
benchmark runs each command through this small process, so that the memory it reports is
the command's own and not that of the (large) process that started it.
Usage: measure.py LOG COMMAND [ARGUMENT...]"""
import json
import os
import subprocess
import sys
import time


def main():
    log, command = sys.argv[1], sys.argv[2:]
    with open(log, "a") as out:
        out.write("$ " + " ".join(command) + "\n")
        out.flush()
        start = time.monotonic()
        child = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT)
        _, status, usage = os.wait4(child.pid, 0)
        seconds = time.monotonic() - start
    print(json.dumps({"status": os.waitstatus_to_exitcode(status), "seconds": seconds, "peakRSS": usage.ru_maxrss * 1024}))


if __name__ == "__main__":
    main()
