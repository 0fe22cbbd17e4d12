#!/usr/bin/env bash
# Installs what the test suite needs beyond scripts/install-deps.sh: Debian's slurm-wlm and
# munge, for the Slurm job-array integration test (scripts/local-slurm.sh brings up a
# one-node Slurm from them), chromium with chromium-driver, for the test that opens the
# HTML report in a browser, and POT (Python Optimal Transport, pip), for the test that compares
# the sinkhorn-newton model with ot.sinkhorn. Without them those tests are skipped, so a failed
# install warns and does not stop `make test`.
set -uo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
"$here/install-deps.sh" slurm-wlm munge ||
  echo "install-test-deps: could not install slurm-wlm and munge; the Slurm integration test will be skipped" >&2
"$here/install-deps.sh" chromium chromium-driver ||
  echo "install-test-deps: could not install chromium and chromium-driver; the browser test will be skipped" >&2
python3 -c 'import ot' 2>/dev/null || {
  python3 -m pip --version >/dev/null 2>&1 || "$here/install-deps.sh" python3-pip
  python3 -m pip install --quiet --no-input --disable-pip-version-check pot ||
    python3 -m pip install --quiet --no-input --disable-pip-version-check --break-system-packages pot
} || echo "install-test-deps: could not install pot (pip); the POT agreement test will be skipped" >&2
exit 0
