#!/bin/sh
# The no-trap policy: no fatalError, try!, as!, force unwrap (x!), precondition/assert or
# unsafelyUnwrapped in Sources/, where user input could reach it. Exceptions: the
# preconditions of NumericsCore and Sensing (programmer errors of their callers: dimension mismatches;
# see docs/contributing.md). Prints every violation and exits 1 when there is one.
cd "$(dirname "$0")/.." || exit 2
pattern='fatalError\(|try!|as!|precondition(Failure)?\(|assert(ionFailure)?\(|[])[:alnum:]_]!([^=]|$)|unsafelyUnwrapped'
hits=$(grep -rnE "$pattern" Sources --include='*.swift' \
  | grep -vE '^[^:]+:[0-9]+:[[:space:]]*//' \
  | grep -vE '^Sources/(NumericsCore|Sensing)/[^:]+:[0-9]+:[[:space:]]*precondition(Failure)?\(')
if [ -n "$hits" ]; then
  echo "check-policy: a trap reachable from user input (see docs/contributing.md):" >&2
  echo "$hits" >&2
  exit 1
fi
echo "check-policy: no fatalError, try!, as!, force unwrap, precondition or assert outside the allowed NumericsCore and Sensing preconditions"
