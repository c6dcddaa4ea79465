#!/usr/bin/env bash
# Compares callsim with SimPy and Ciw on the reference model and rewrites reports/performance.md.
# Installs the Python simulators into a throwaway virtual environment (PyPI must be reachable).
#
#   benches/peers/run.sh
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
venv="${TMPDIR:-/tmp}/callsim-peers-venv"
python3 -m venv "$venv"
"$venv/bin/pip" install --quiet "simpy==4.1.1" "ciw==3.2.5"
(cd "$root" && cargo build --release --quiet)
"$venv/bin/python" "$root/benches/peers/compare.py" > "$root/reports/performance.md"
echo "wrote reports/performance.md" >&2
