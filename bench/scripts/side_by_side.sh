#!/usr/bin/env bash
# Regula against PyTorch, side by side (see side_by_side.py). Uses Debian's python3 (python3-torch,
# python3-torchvision) when present; the script gives PyTorch the OpenMP OpenBLAS if
# libopenblas0-openmp is installed, and 2 threads.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
python="${PYTHON:-python3}"
if [ -z "${PYTHON:-}" ] && [ -x /usr/bin/python3 ]; then
  python=/usr/bin/python3
fi
exec "$python" "$here/side_by_side.py" --python "$python" "$@"
