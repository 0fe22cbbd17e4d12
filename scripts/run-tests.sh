#!/usr/bin/env bash
# Runs the built test suite (`swift test --skip-build`) with its whole output on the terminal
# and in .build/test.log, then, when it fails, repeats the failing tests' lines last: CI shows
# only the tail of a long log, and Swift Testing prints a failure where it happens, not at
# the end.
set -uo pipefail
cd "$(dirname "$0")/.."
log=.build/test.log
mkdir -p .build
swift test --skip-build "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
if [ "$status" -ne 0 ]; then
  echo "---- failures (whole log in $log) ----"
  grep -E '✘|error: |: error|Fatal error|failed \(|Test Case .* failed|signal code' "$log" | grep -v ' 0 failures' | head -40
fi
exit "$status"
