#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# How much of a nuclei-templates tree the templates module can load: runs `palisade templates check DIR --format
# json` on a local directory of nuclei templates and prints the loaded share, the skip reasons with their counts
# (grouped: quoted regexes, line numbers and names inside the reason are folded so that "dsl function md5" and
# "dsl function sha256" stay apart but two different regexes do not) and the load rate per directory (the first two
# path components under DIR, e.g. http/cves). It never downloads anything: point it at a checkout or a sample.
#
# Usage: bench/nuclei_compat.sh DIR [top-N]
#   PALISADE=/path/to/palisade   the CLI (default: `palisade` on PATH, else the newest build*/palisade next to
#                                the checkout)
# Needs jq. Exit status: 0 when the measurement ran (whatever the figures), 2 on a usage or tool error.
set -euo pipefail

if [ $# -lt 1 ] || [ ! -d "$1" ]; then
  echo "usage: $0 DIR [top-N]   (DIR: a directory of nuclei templates)" >&2
  exit 2
fi
dir="$(cd "$1" && pwd)"
top="${2:-25}"
command -v jq >/dev/null || { echo "$0: jq is required" >&2; exit 2; }

bin="${PALISADE:-}"
if [ -z "$bin" ]; then
  if command -v palisade >/dev/null; then
    bin="$(command -v palisade)"
  else
    root="$(cd "$(dirname "$0")/.." && pwd)"
    bin="$(ls -t "$root"/../build*/palisade "$root"/build*/palisade 2>/dev/null | head -n1 || true)"
  fi
fi
[ -n "$bin" ] && [ -x "$bin" ] || { echo "$0: palisade binary not found (set PALISADE=)" >&2; exit 2; }

json="$(mktemp)"
trap 'rm -f "$json"' EXIT
# Exit status 1 only means "some template was skipped", which is what is being measured.
set +e
"$bin" templates check "$dir" --format json >"$json"
status=$?
set -e
if [ "$status" -ne 0 ] && [ "$status" -ne 1 ]; then
  echo "$0: palisade templates check failed with status $status" >&2
  exit 2
fi

jq -r --arg dir "$dir/" --argjson top "$top" '
  def pct(a; b): if b == 0 then "-" else ((a * 1000 / b | round) / 10 | tostring) + " %" end;
  def fold: gsub("\\(line [0-9]+\\)"; "(line N)")
          | gsub("line [0-9]+, column [0-9]+"; "line N, column M")
          | gsub("regex \u0027.*\u0027: "; "regex …: ")
          | gsub("path \u0027.*\u0027 does"; "path … does")
          | gsub("query \u0027.*\u0027 not"; "query … not")
          | gsub("invalid id \u0027.*\u0027"; "invalid id …");
  def area: ltrimstr($dir) | split("/") | if length > 2 then .[0:2] | join("/") else .[0] end;
  . as $r
  | "templates:  \($r.total)",
    "loaded:     \($r.loaded)  (\(pct($r.loaded; $r.total)))",
    "skipped:    \($r.skipped)  (unsupported feature)",
    "malformed:  \($r.malformed)",
    "",
    "top skip reasons (count, reason):",
    ([$r.templates[] | select(.status != "loaded") | .reason | fold]
      | group_by(.) | map({n: length, reason: .[0]}) | sort_by(-.n) | .[:$top][]
      | "  \(.n | tostring | (" " * (4 - length)) + .)  \(.reason)"),
    "",
    "load rate by directory (loaded/total):",
    ([$r.templates[] | {area: (.path | area), ok: (.status == "loaded")}]
      | group_by(.area) | map({area: .[0].area, n: length, ok: (map(select(.ok)) | length)}) | sort_by(-.n)[]
      | "  \(.area)  \(.ok)/\(.n)  \(pct(.ok; .n))")
' "$json"
