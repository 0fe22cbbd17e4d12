#!/usr/bin/env bash
# Installs what `make bench` needs beyond `make deps`: NumPy, SciPy and POT (Python Optimal
# Transport, PyPI package `pot`) for the peers in bench/peers/ (pip, as root or for the user, no
# prompt) when python3 cannot import them.
set -euo pipefail
python=${PYTHON:-python3}
"$python" -c 'import numpy, scipy, ot' 2>/dev/null && exit 0
echo "installing: numpy scipy pot (pip)" >&2
"$python" -m pip --version >/dev/null 2>&1 || "$(dirname "$0")/install-deps.sh" python3-pip
"$python" -m pip install --quiet --no-input --disable-pip-version-check numpy scipy pot \
  || "$python" -m pip install --quiet --no-input --disable-pip-version-check --break-system-packages numpy scipy pot
