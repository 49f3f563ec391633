#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# HTTP throughput benchmark: Palisade against nginx serving a static file on the same machine.
# A measurement, not a test: it prints figures and never judges them. It fails only when the
# measurement itself is broken (a server does not start, a request is not answered 2xx).
# See bench/README.md. Everything listens on 127.0.0.1 and everything is removed on exit.
#
# Environment:
#   PALISADE_BIN        binary to measure (default build/release/palisade, relative to the repo root)
#   DURATION            seconds per measured run (default 10)
#   WARMUP              seconds of unmeasured load before each run (default 2; 0 skips it)
#   THREADS             wrk threads (default 2)
#   CONNECTIONS         wrk connections (default 64)
#   PALISADE_EXTRA_ARGS extra words for `palisade serve`, e.g. "--set server.io_threads=2"
#   KEEP_WRK_OUTPUT=1   print wrk's raw output for every run
set -euo pipefail

repo_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
PALISADE_BIN=${PALISADE_BIN:-build/release/palisade}
[[ "$PALISADE_BIN" = /* ]] || PALISADE_BIN="$repo_root/$PALISADE_BIN"
DURATION=${DURATION:-10}
WARMUP=${WARMUP:-2}
THREADS=${THREADS:-2}
CONNECTIONS=${CONNECTIONS:-64}
KEEP_WRK_OUTPUT=${KEEP_WRK_OUTPUT:-0}
read -r -a extra_args <<<"${PALISADE_EXTRA_ARGS:-}"

die() { echo "http_bench: $*" >&2; exit 1; }

for tool in wrk nginx curl python3; do
  command -v "$tool" >/dev/null || die "$tool not found: run scripts/install-deps --bench"
done
[[ -x "$PALISADE_BIN" ]] || die "no executable at $PALISADE_BIN (make build, or set PALISADE_BIN)"
[[ "$DURATION" =~ ^[1-9][0-9]*$ ]] || die "DURATION must be a whole number of seconds, got '$DURATION'"
[[ "$WARMUP" =~ ^[0-9]+$ ]] || die "WARMUP must be a whole number of seconds, got '$WARMUP'"

work=$(mktemp -d "${TMPDIR:-/tmp}/palisade-bench.XXXXXX")
palisade_pid=""
nginx_pid=""

# shellcheck disable=SC2317  # called from the EXIT trap
stop() {  # stop PID: TERM, then KILL after 10 s
  local pid=$1
  [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null || return 0
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -KILL "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}
# shellcheck disable=SC2317  # the EXIT trap
cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  stop "$nginx_pid"
  stop "$palisade_pid"
  rm -rf "$work"
  exit "$rc"
}
trap cleanup EXIT
trap 'echo "http_bench: interrupted" >&2; exit 130' INT
trap 'echo "http_bench: terminated" >&2; exit 143' TERM

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

show_log() {  # show_log NAME FILE: the tail of a server's output, for error messages
  echo "--- last lines of $1 ($2) ---" >&2
  tail -n 20 "$2" >&2 || true
}

# --- 1. Palisade ------------------------------------------------------------------------------
# An explicit port (not :0): older builds print the configured port, not the bound one, on start.
mkdir -p "$work/data"
palisade_port=$(free_port)
palisade="http://127.0.0.1:$palisade_port"
"$PALISADE_BIN" serve \
  --listen "127.0.0.1:$palisade_port" \
  --database "sqlite://$work/p.db" \
  --data-dir "$work/data" \
  --log-level warn \
  --set server.rate_limit_ip_per_minute=0 \
  --set server.rate_limit_principal_per_minute=0 \
  "${extra_args[@]}" \
  >"$work/palisade.out" 2>"$work/palisade.err" &
palisade_pid=$!

ready=0
for _ in $(seq 300); do
  if curl -fsS -o /dev/null --max-time 2 "$palisade/readyz" 2>/dev/null; then ready=1; break; fi
  kill -0 "$palisade_pid" 2>/dev/null || { show_log palisade "$work/palisade.err"; die "palisade exited at start"; }
  sleep 0.1
done
[[ $ready == 1 ]] || { show_log palisade "$work/palisade.err"; die "$palisade/readyz did not answer 200 in 30 s"; }

# The first start prints the admin's one-time password on stdout (just after it starts listening).
admin_password=""
for _ in $(seq 50); do
  admin_password=$(sed -n 's/^ *password: *//p' "$work/palisade.out" | head -n 1)
  [[ -n "$admin_password" ]] && break
  sleep 0.1
done
[[ -n "$admin_password" ]] || die "no one-time admin password in palisade's output (not a fresh database?)"

# --- 2. Credentials -----------------------------------------------------------------------------
json_field() {  # json_field FIELD < JSON
  python3 -c 'import json, sys; print(json.load(sys.stdin)[sys.argv[1]])' "$1"
}

login() {  # prints an access token; it lives auth.access_token_ttl (15 min by default)
  local body status
  body=$(ADMIN_PASSWORD="$admin_password" python3 -c \
    'import json, os; print(json.dumps({"email": "admin@palisade.local", "password": os.environ["ADMIN_PASSWORD"]}))')
  status=$(curl -sS -o "$work/login.json" -w '%{http_code}' --max-time 30 \
    -H 'Content-Type: application/json' --data-binary "$body" "$palisade/api/v1/auth/login")
  [[ "$status" == 200 ]] || { cat "$work/login.json" >&2; die "login answered $status"; }
  json_field access_token <"$work/login.json"
}

token=$(login)
token_at=$SECONDS

status=$(curl -sS -o "$work/api-key.json" -w '%{http_code}' --max-time 30 \
  -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
  --data-binary '{"name":"bench"}' "$palisade/api/v1/api-keys")
[[ "$status" == 201 ]] || { cat "$work/api-key.json" >&2; die "POST /api/v1/api-keys answered $status"; }
api_key=$(json_field key <"$work/api-key.json")
# Both credentials must work before any load is sent.
for header in "Authorization: Bearer $token" "X-API-Key: $api_key"; do
  status=$(curl -sS -o /dev/null -w '%{http_code}' --max-time 10 -H "$header" "$palisade/api/v1/me")
  [[ "$status" == 200 ]] || die "GET /api/v1/me with ${header%%:*} answered $status"
done

# --- 3. nginx: the ceiling ------------------------------------------------------------------------
ngx="$work/nginx"
mkdir -p "$ngx/html" "$ngx/logs" "$ngx/tmp"
printf '{"status":"ok"}' >"$ngx/html/status.json"  # 15 bytes, the size of Palisade's /healthz body
nginx_port=$(free_port)
nginx_user=""
# Run as root, nginx would drop its workers to "nobody", who cannot enter the private temp dir.
if [[ $(id -u) == 0 ]]; then nginx_user="user root root;"; fi
cat >"$ngx/nginx.conf" <<EOF
$nginx_user
worker_processes 2;
pid $ngx/nginx.pid;
error_log $ngx/logs/error.log warn;
events { worker_connections 1024; }
http {
    access_log off;
    default_type application/json;
    sendfile on;
    tcp_nopush on;
    keepalive_requests 1000000;
    client_body_temp_path $ngx/tmp/body;
    proxy_temp_path $ngx/tmp/proxy;
    fastcgi_temp_path $ngx/tmp/fastcgi;
    uwsgi_temp_path $ngx/tmp/uwsgi;
    scgi_temp_path $ngx/tmp/scgi;
    server {
        listen 127.0.0.1:$nginx_port;
        root $ngx/html;
        location = /status.json { }
    }
}
EOF
nginx -p "$ngx" -c "$ngx/nginx.conf" -e "$ngx/logs/error.log" -g 'daemon off;' \
  >"$ngx/logs/stdout.log" 2>&1 &
nginx_pid=$!
nginx_url="http://127.0.0.1:$nginx_port/status.json"
up=0
for _ in $(seq 100); do
  if curl -fsS -o /dev/null --max-time 2 "$nginx_url" 2>/dev/null; then up=1; break; fi
  kill -0 "$nginx_pid" 2>/dev/null || break
  sleep 0.1
done
[[ $up == 1 ]] || { show_log nginx "$ngx/logs/error.log"; die "nginx did not serve $nginx_url"; }

# --- 4. Load ------------------------------------------------------------------------------------
to_ms() {  # wrk prints 812.00us, 1.23ms, 1.05s, 2.00m
  awk -v v="$1" 'BEGIN {
    n = v + 0; u = v; sub(/^[0-9.]+/, "", u)
    if (u == "us") n /= 1000; else if (u == "s") n *= 1000; else if (u == "m") n *= 60000
    else if (u != "ms") { print "?"; exit }
    printf "%.2f", n }'
}

names=() rps=() p99=() notes=()
run() {  # run NAME URL [wrk args...]
  local name=$1 url=$2 out="$work/wrk-${#names[@]}.txt"
  shift 2
  if ((WARMUP > 0)); then
    wrk -t"$THREADS" -c"$CONNECTIONS" -d"${WARMUP}s" "$@" "$url" >/dev/null
  fi
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"${DURATION}s" --latency "$@" "$url" >"$out"
  if [[ "$KEEP_WRK_OUTPUT" == 1 ]]; then echo "=== $name: $url"; cat "$out"; fi

  local r l non2xx sock
  r=$(awk '/^Requests\/sec:/ { print $2 }' "$out")
  l=$(awk '/Latency Distribution/ { d = 1 } d && $1 == "99%" { print $2; exit }' "$out")
  [[ -n "$r" && -n "$l" ]] || { cat "$out" >&2; die "$name: cannot read wrk's output"; }
  non2xx=$(awk '/Non-2xx or 3xx responses:/ { print $NF }' "$out")
  if [[ -n "$non2xx" && "$non2xx" != 0 ]]; then
    cat "$out" >&2
    curl -sS -i --max-time 10 "$@" "$url" >&2 || true
    echo >&2
    die "$name: $non2xx responses were not 2xx/3xx: auth or rate limiting broke the measurement"
  fi
  sock=$(sed -n 's/^ *Socket errors: *//p' "$out")
  names+=("$name"); rps+=("$r"); p99+=("$(to_ms "$l")"); notes+=("${sock:+socket errors: $sock}")
}

run "nginx static file" "$nginx_url"
run "palisade GET /healthz" "$palisade/healthz"
# A long DURATION could outlive the 15-minute access token: take a fresh one if needed.
if ((SECONDS - token_at + WARMUP + DURATION > 600)); then token=$(login); fi
run "palisade GET /api/v1/me (Bearer)" "$palisade/api/v1/me" -H "Authorization: Bearer $token"

# Palisade must still be the process we started (a crash under load would have shown as errors).
kill -0 "$palisade_pid" 2>/dev/null || { show_log palisade "$work/palisade.err"; die "palisade died under load"; }

# --- 5. Report ----------------------------------------------------------------------------------
echo
echo "Palisade HTTP benchmark — $(date -u +%Y-%m-%dT%H:%M:%SZ)"
echo "  binary:  $PALISADE_BIN ($("$PALISADE_BIN" version 2>/dev/null | head -n 1 || echo '?'))"
echo "  machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg) before the report"
echo "  load:    wrk -t$THREADS -c$CONNECTIONS -d${DURATION}s (warm-up ${WARMUP}s), $(nginx -v 2>&1 | sed 's/.*: //'), loopback"
echo
printf '%-36s %12s %10s %9s\n' "target" "req/s" "p99 (ms)" "vs nginx"
printf '%-36s %12s %10s %9s\n' "------" "-----" "--------" "--------"
for i in "${!names[@]}"; do
  ratio=$(awk -v a="${rps[$i]}" -v b="${rps[0]}" 'BEGIN { printf (b > 0 ? "%.2f" : "?"), a / b }')
  printf '%-36s %12.0f %10s %9s\n' "${names[$i]}" "${rps[$i]}" "${p99[$i]}" "$ratio"
done
for i in "${!names[@]}"; do
  if [[ -n "${notes[$i]}" ]]; then echo "note: ${names[$i]}: ${notes[$i]}"; fi
done
exit 0
