"""Shared pieces of the platform benchmarks (findings_list_bench.py, scans_bench.py, ws_latency.py,
nmap_import_bench.py): a real `palisade serve` on a free 127.0.0.1 port, signing in as the first admin, small JSON
API calls, wrk runs, a throwaway PostgreSQL database, and the peak RSS (VmHWM) of a process.

Loopback only: every URL built here is http://127.0.0.1:PORT. Nothing here judges a figure; `fail` is for a broken
measurement (a server that does not start, an API call that does not answer 2xx).
"""
import datetime
import json
import math
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request

PROG = os.path.basename(sys.argv[0]) if sys.argv and sys.argv[0] else "bench"
REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ADMIN_EMAIL = "admin@palisade.local"

# Urllib would otherwise honour http_proxy & co. from the environment: loopback goes direct.
_OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))


class BenchError(Exception):
    """The measurement is broken (not: a figure is low)."""


def fail(message):
    raise BenchError(message)


def run_main(main):
    """Runs main(), turning BenchError into exit status 1 with one line on stderr (cleanup runs first)."""
    try:
        sys.exit(main())
    except BenchError as e:
        print(f"{PROG}: {e}", file=sys.stderr)
        sys.exit(1)
    except KeyboardInterrupt:
        print(f"{PROG}: interrupted", file=sys.stderr)
        sys.exit(130)


def _raise_interrupt(signum, frame):
    raise KeyboardInterrupt()


def term_as_interrupt():
    """SIGTERM raises KeyboardInterrupt, so that `with` blocks stop servers and remove temporary directories."""
    signal.signal(signal.SIGTERM, _raise_interrupt)


def free_port(host="127.0.0.1"):
    with socket.socket() as s:
        s.bind((host, 0))
        return s.getsockname()[1]


def resolve_binary(path):
    path = path if os.path.isabs(path) else os.path.join(REPO, path)
    if not os.access(path, os.X_OK):
        fail(f"no executable at {path} (build it, or pass --palisade)")
    return path


def need_tools(*tools):
    missing = [t for t in tools if shutil.which(t) is None]
    if missing:
        fail(f"{', '.join(missing)} not found: run scripts/install-deps --bench")


def vm_hwm_kib(pid):
    """Peak resident set size of a live process (VmHWM from /proc/PID/status), KiB; None once it has exited."""
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        return None
    return None


def reset_hwm(pid):
    """Resets the process's VmHWM to its current RSS (writing 5 to /proc/PID/clear_refs, Linux >= 4.0), so that a
    later VmHWM is the peak of what ran in between. Returns False when the kernel or permissions do not allow it."""
    try:
        with open(f"/proc/{pid}/clear_refs", "w") as f:
            f.write("5")
        return True
    except OSError:
        return False


def vm_rss_kib(pid):
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        return None
    return None


def machine_note():
    load = open("/proc/loadavg").read().split()[:3]
    return f"{os.cpu_count()} cores, load average {' '.join(load)}"


# --- HTTP ----------------------------------------------------------------------------------------------------------

def http(method, url, body=None, token=None, headers=None, timeout=60, raw_body=None):
    """One request; returns (status, parsed JSON or None, raw bytes). A JSON `body` is serialised; `raw_body` is
    sent as it is. Transport errors are failures of the measurement."""
    data = raw_body
    hdrs = dict(headers or {})
    if body is not None:
        data = json.dumps(body).encode()
        hdrs.setdefault("Content-Type", "application/json")
    if token:
        hdrs["Authorization"] = f"Bearer {token}"
    req = urllib.request.Request(url, data=data, method=method, headers=hdrs)
    try:
        with _OPENER.open(req, timeout=timeout) as r:
            status, raw = r.status, r.read()
    except urllib.error.HTTPError as e:
        status, raw = e.code, e.read()
    except (urllib.error.URLError, OSError) as e:
        fail(f"{method} {url}: {e}")
    try:
        parsed = json.loads(raw) if raw else None
    except ValueError:
        parsed = None
    return status, parsed, raw


# --- palisade serve --------------------------------------------------------------------------------------------------

class Palisade:
    """`palisade serve` on 127.0.0.1:PORT with its own data directory. start() waits for /readyz; on the first start
    of a fresh database it reads the first admin's one-time password from stdout. Use as a context manager."""

    def __init__(self, binary, workdir, database_url, settings=()):
        self.binary = binary
        self.workdir = workdir
        self.database_url = database_url
        self.settings = list(settings)
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.proc = None
        self.password = None
        self.starts = 0
        os.makedirs(os.path.join(workdir, "data"), exist_ok=True)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stop()

    def start(self, timeout=120):
        self.starts += 1
        out_path = os.path.join(self.workdir, f"palisade-{self.starts}.out")
        self.err_path = os.path.join(self.workdir, f"palisade-{self.starts}.err")
        cmd = [self.binary, "serve", "--listen", f"127.0.0.1:{self.port}", "--database", self.database_url,
               "--data-dir", os.path.join(self.workdir, "data"), "--log-level", "warn",
               "--set", "server.rate_limit_ip_per_minute=0", "--set", "server.rate_limit_principal_per_minute=0",
               "--set", "auth.access_token_ttl=4h"]
        for s in self.settings:
            cmd += ["--set", s]
        with open(out_path, "wb") as out, open(self.err_path, "wb") as err:
            self.proc = subprocess.Popen(cmd, stdout=out, stderr=err, stdin=subprocess.DEVNULL)
        deadline = time.monotonic() + timeout
        while True:
            if self.proc.poll() is not None:
                fail(f"palisade exited at start ({self.proc.returncode}):\n{self.log_tail()}")
            try:
                with _OPENER.open(self.base + "/readyz", timeout=2) as r:
                    if r.status == 200:
                        break
            except (urllib.error.URLError, OSError):
                pass
            if time.monotonic() > deadline:
                fail(f"{self.base}/readyz did not answer 200 in {timeout} s:\n{self.log_tail()}")
            time.sleep(0.1)
        if self.password is None:
            for _ in range(100):
                m = re.search(r"^ *password: *(\S+)", open(out_path).read(), re.M)
                if m:
                    self.password = m.group(1)
                    break
                time.sleep(0.1)
            else:
                fail("no one-time admin password in palisade's output (not a fresh database?)")
        return self

    @property
    def pid(self):
        return self.proc.pid

    def log_tail(self, lines=20):
        try:
            return "".join(open(self.err_path, errors="replace").readlines()[-lines:])
        except OSError:
            return ""

    def alive(self):
        return self.proc is not None and self.proc.poll() is None

    def stop(self):
        if self.proc is None or self.proc.poll() is not None:
            return
        self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()

    def login(self):
        status, body, raw = http("POST", self.base + "/api/v1/auth/login",
                                 {"email": ADMIN_EMAIL, "password": self.password})
        if status != 200 or not body or "access_token" not in body:
            fail(f"login answered {status}: {raw[:300]!r}")
        return body["access_token"]

    def api(self, method, path, body=None, token=None, expect=(200,), **kw):
        """A JSON API call that must answer one of `expect`; returns the parsed body."""
        status, parsed, raw = http(method, self.base + path, body, token, **kw)
        if status not in expect:
            fail(f"{method} {path} answered {status}: {raw[:400]!r}")
        return parsed


# --- PostgreSQL ------------------------------------------------------------------------------------------------------

class PgDatabase:
    """A fresh database on the PostgreSQL server of `server_url` (e.g. the one scripts/with-postgres starts), dropped
    again on exit. `url` is the URL palisade and psql use."""

    def __init__(self, server_url):
        need_tools("psql")
        self.server_url = server_url
        parts = urllib.parse.urlsplit(server_url)
        if parts.hostname not in ("127.0.0.1", "localhost", "::1"):
            fail(f"the PostgreSQL URL must point to the loopback interface, not {parts.hostname}")
        self.name = "palisade_bench_" + secrets.token_hex(4)
        self.url = urllib.parse.urlunsplit(parts._replace(path="/" + self.name))

    def __enter__(self):
        psql(self.server_url, f"CREATE DATABASE {self.name}")
        return self

    def __exit__(self, *exc):
        try:
            psql(self.server_url, f"DROP DATABASE IF EXISTS {self.name} WITH (FORCE)", check=False)
        except BenchError:
            pass


def psql(url, sql, check=True, capture=False):
    """Runs SQL through psql (ON_ERROR_STOP); returns stdout when capture (unaligned, tuples only)."""
    cmd = ["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", url]
    if capture:
        cmd += ["-A", "-t"]
    r = subprocess.run(cmd, input=sql, text=True, capture_output=True)
    if check and r.returncode != 0:
        fail(f"psql failed ({r.returncode}): {r.stderr.strip()[:800]}")
    return r.stdout


def sqlite(path, sql, capture=False):
    r = subprocess.run(["sqlite3", "-bail", "-batch", path], input=sql, text=True, capture_output=True)
    if r.returncode != 0:
        fail(f"sqlite3 failed ({r.returncode}): {r.stderr.strip()[:800]}")
    return r.stdout


# --- wrk -----------------------------------------------------------------------------------------------------------

def _to_ms(text):
    m = re.fullmatch(r"([0-9.]+)(us|ms|s|m)", text)
    if not m:
        return None
    return float(m.group(1)) * {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}[m.group(2)]


def parse_wrk(out, url, token=None, check=True, stderr=""):
    """wrk --latency output -> {rps, p50, p90, p99, non2xx, socket_errors, requests, output}. Non-2xx answers fail
    the measurement when check is true."""
    rps = re.search(r"^Requests/sec:\s+([0-9.]+)", out, re.M)
    dist = dict(re.findall(r"^\s+(50|75|90|99)%\s+(\S+)", out, re.M))
    total = re.search(r"^\s*(\d+) requests in", out, re.M)
    if not rps or "99" not in dist:
        fail(f"cannot read wrk's output for {url}:\n{out}{stderr}")
    non2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    non2xx = int(non2xx.group(1)) if non2xx else 0
    if check and non2xx:
        status, _, raw = http("GET", url, token=token)
        fail(f"{url}: {non2xx} responses were not 2xx/3xx (sample: {status} {raw[:300]!r}):\n{out}")
    sock = re.search(r"Socket errors:\s*(.*)", out)
    return {"rps": float(rps.group(1)), "p50": _to_ms(dist.get("50", "")), "p90": _to_ms(dist.get("90", "")),
            "p99": _to_ms(dist["99"]), "non2xx": non2xx, "socket_errors": sock.group(1) if sock else "",
            "requests": int(total.group(1)) if total else 0, "output": out}


def _wrk_cmd(url, duration, token, threads, connections):
    headers = ["-H", f"Authorization: Bearer {token}"] if token else []
    return ["wrk", f"-t{threads}", f"-c{connections}", f"-d{duration}s", "--latency", *headers, url]


def wrk(url, duration, token=None, threads=2, connections=64, warmup=2, check=True):
    """wrk -tT -cC -dDs --latency on url after an unmeasured warm-up; returns parse_wrk's dict."""
    need_tools("wrk")
    if warmup > 0:
        subprocess.run(_wrk_cmd(url, warmup, token, threads, connections), capture_output=True)
    r = subprocess.run(_wrk_cmd(url, duration, token, threads, connections), capture_output=True, text=True)
    if r.returncode != 0:
        fail(f"wrk failed ({r.returncode}) on {url}: {r.stderr.strip()}")
    return parse_wrk(r.stdout, url, token, check, r.stderr)


class WrkUntilStopped:
    """wrk running in the background until stop(): wrk ends on SIGINT and prints its statistics for the time it
    ran, so the window is exactly the one measured (e.g. while scans run)."""

    def __init__(self, url, token=None, threads=2, connections=64, limit_s=3600):
        need_tools("wrk")
        self.url, self.token = url, token
        self.proc = subprocess.Popen(_wrk_cmd(url, limit_s, token, threads, connections), stdout=subprocess.PIPE,
                                     stderr=subprocess.PIPE, text=True)
        self.started = time.monotonic()

    def stop(self, check=True):
        self.proc.send_signal(signal.SIGINT)
        out, err = self.proc.communicate(timeout=30)
        self.seconds = time.monotonic() - self.started
        return parse_wrk(out, self.url, self.token, check, err)

    def kill(self):
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()


def seconds_between(a, b):
    """Seconds from one API time text ("2026-01-02T03:04:05.678Z") to another."""
    fmt = "%Y-%m-%dT%H:%M:%S.%fZ"
    return (datetime.datetime.strptime(b, fmt) - datetime.datetime.strptime(a, fmt)).total_seconds()


def percentile(values, p):
    """Nearest-rank percentile of a non-empty list."""
    s = sorted(values)
    return s[max(0, min(len(s), math.ceil(p / 100.0 * len(s))) - 1)]


# --- loopback fixtures -----------------------------------------------------------------------------------------------

# The fixture process: one small HTTP server per address, all on the same port, each in its own thread.
_FIXTURE = r'''
import http.server, socket, sys, threading
class H(http.server.BaseHTTPRequestHandler):
    server_version = "Apache/2.4.41"
    sys_version = ""
    def do_GET(self):
        body = b"<html><head><title>fixture</title></head><body>It works</body></html>\n"
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
    do_HEAD = do_GET
    def log_message(self, *a):
        pass
port, silent_port = int(sys.argv[1]), int(sys.argv[2])
servers = [http.server.ThreadingHTTPServer((a, port), H) for a in sys.argv[3:]]
for s in servers:
    s.daemon_threads = True
    threading.Thread(target=s.serve_forever, daemon=True).start()
held = []
def hold(listener):  # accepts and never says a word, like a service that waits for the client's protocol
    while True:
        conn, _ = listener.accept()
        held.append(conn)
        if len(held) > 2000:
            held.pop(0).close()
if silent_port:
    for a in sys.argv[3:]:
        l = socket.create_server((a, silent_port))
        threading.Thread(target=hold, args=(l,), daemon=True).start()
print("ready", flush=True)
sys.stdin.read()
'''

# Ports of the `quick` profile's top-100 list (src/scan/engine/port_lists.cpp) that a fixture may take.
FIXTURE_PORTS = (8000, 8008, 8081, 8888, 8880, 9443, 4443, 8443, 8080)


def _bindable(addresses, port):
    for a in addresses:
        with socket.socket() as s:
            s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            try:
                s.bind((a, port))
            except OSError:
                return False
    return True


class HttpFixtures:
    """count small HTTP servers (python3 http.server, `Server: Apache/2.4.41`) on 127.0.0.11, 127.0.0.12, ... all on
    one port of the top-100 list, in a child process; with silent=True each address also has a port (of the same
    list) that accepts connections and never sends anything, so that a service probe waits for its timeout as it
    would on many real hosts. Use as a context manager; .addresses, .port, .silent_port (0 without)."""

    def __init__(self, count, first=11, silent=False):
        if count < 1 or first + count > 255:
            fail("fixtures: 127.0.0.11 onwards, at most 244 addresses")
        self.addresses = [f"127.0.0.{first + k}" for k in range(count)]
        free = [p for p in FIXTURE_PORTS if _bindable(self.addresses, p)]
        if len(free) < (2 if silent else 1):
            fail(f"not enough ports of {FIXTURE_PORTS} are free on every fixture address")
        self.port = free[0]
        self.silent_port = free[1] if silent else 0
        self.proc = None

    def __enter__(self):
        # stderr is dropped: scanners reset connections, and http.server prints a traceback for each.
        self.proc = subprocess.Popen([sys.executable, "-c", _FIXTURE, str(self.port), str(self.silent_port),
                                      *self.addresses],
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                                     text=True)
        if self.proc.stdout.readline().strip() != "ready":
            self.__exit__()
            fail("the fixture servers did not start")
        return self

    def __exit__(self, *exc):
        if self.proc and self.proc.poll() is None:
            self.proc.stdin.close()
            try:
                self.proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
