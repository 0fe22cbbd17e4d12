#!/usr/bin/env bash
# Installs the system libraries repro links (OpenBLAS, LAPACKE, SQLite), gnuplot for the
# figures and dygraphs for the HTML report, when missing.
# Non-interactive; needs root (or sudo) only when something is missing.
set -euo pipefail
packages=(libopenblas-dev liblapacke-dev libsqlite3-dev pkg-config gnuplot-nox libjs-dygraphs python3 "$@")
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
echo "installing: ${missing[*]}" >&2
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo -n"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
