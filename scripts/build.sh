#!/usr/bin/env bash
# Configures and builds one build directory with every core:
#   scripts/build.sh [DIR] [cmake options...]      (DIR defaults to build)
# e.g. scripts/build.sh build-asan -DEKSCODEC_SANITIZE=ON
# The compiler is chosen on the first configure of DIR, from CC (e.g. CC=clang).
set -euo pipefail
cd "$(dirname "$0")/.."

dir=${1:-build}
[[ $# -gt 0 ]] && shift
cmake -S . -B "$dir" "$@"
cmake --build "$dir" -j "$(nproc)"
