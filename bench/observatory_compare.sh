#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Compares the headers module with the real MDN HTTP Observatory on loopback fixtures: installs
# @mdn/mdn-http-observatory from the npm registry into a scratch directory (install scripts skipped: they download
# the HSTS preload list and CA bundles; an empty preload list is written instead, matching our "nothing is
# preloaded" default), builds scan_headers_conformance_test and runs it with PALISADE_OBSERVATORY_SCAN pointing at
# the CLI. Each scenario starts an HttpFixture on 127.0.0.1:<port>, runs `mdn-http-observatory-scan 127.0.0.1:<port>`
# and our module, and asserts equal score, grade, testsPassed, algorithmVersion and per-test result/pass/modifier.
#
# Usage: bench/observatory_compare.sh [build-dir]     (needs node >= 20 and npm; network access to the registry)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
build="${1:-$root/build-headersmod}"
work="${OBSERVATORY_DIR:-${TMPDIR:-/tmp}/palisade-observatory}"

mkdir -p "$work"
if [ ! -d "$work/node_modules/@mdn/mdn-http-observatory" ]; then
  (cd "$work" && npm init -y >/dev/null && npm install --ignore-scripts --no-audit --no-fund @mdn/mdn-http-observatory >/dev/null)
fi
pkg="$work/node_modules/@mdn/mdn-http-observatory"
[ -f "$pkg/conf/hsts-preload.json" ] || echo '{}' > "$pkg/conf/hsts-preload.json"
echo "Observatory $(node -p "require('$pkg/package.json').version"), algorithm $(grep -o 'ALGORITHM_VERSION = [0-9]*' "$pkg/src/constants.js")"

if [ ! -f "$build/build.ninja" ]; then
  cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DCMAKE_CXX_COMPILER_LAUNCHER=ccache >/dev/null
fi
cmake --build "$build" --target scan_headers_conformance_test -j1
PALISADE_OBSERVATORY_SCAN="node $pkg/src/scan.js" \
  "$build/tests/scan/modules/headers/scan_headers_conformance_test" --gtest_color=no
